//! Feeding a body's operators to the validator and the translator.
//!
//! wasmparser decodes an operator by calling a visitor method with its
//! immediates. Reading `Operator` values instead (`OperatorsReader::read`)
//! builds each one in wasmparser's code, copies it out, and has the
//! validator match on it again to find its own method. [`Visitor`] takes the
//! immediates directly: it calls the validator's method for the operator,
//! then gives the translator the operator built in place.

use anyhow::{Context as _, Result};
use wasmparser::{FuncValidator, Operator, ValidatorResources, VisitOperator, VisitSimdOperator};

use super::Translator;

/// Validates (if there is a validator) and translates each operator it
/// visits; `offset` is the operator's position, for errors.
pub(super) struct Visitor<'t, 'i> {
    pub translator: &'t mut Translator<'i>,
    pub validator: Option<&'t mut FuncValidator<ValidatorResources>>,
    pub offset: u64,
}

impl Visitor<'_, '_> {
    /// Translates `op` (already validated).
    fn translate(&mut self, op: Operator<'_>) -> Result<()> {
        let offset = self.offset;
        self.translator.translate(op).with_context(|| format!("at offset {offset:#x}"))
    }
}

/// The visitor methods of the operators `for_each_visit_operator!` lists:
/// the validator's method of the same name, then the translator.
macro_rules! visit_and_translate {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Result<()> {
                if let Some(validator) = self.validator.as_deref_mut() {
                    validator.visitor(self.offset).$visit($($($arg.clone()),*)?)?;
                }
                self.translate(Operator::$op $({ $($arg),* })?)
            }
        )*
    };
}

/// The visitor methods of the SIMD operators: these are validated from the
/// built operator, which keeps one path for them (they are rarer).
macro_rules! validate_and_translate {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Result<()> {
                let op = Operator::$op $({ $($arg),* })?;
                if let Some(validator) = self.validator.as_deref_mut() {
                    validator.op(self.offset, &op)?;
                }
                self.translate(op)
            }
        )*
    };
}

impl<'a> VisitOperator<'a> for Visitor<'_, '_> {
    type Output = Result<()>;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Self::Output>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(visit_and_translate);
}

impl VisitSimdOperator<'_> for Visitor<'_, '_> {
    wasmparser::for_each_visit_simd_operator!(validate_and_translate);
}
