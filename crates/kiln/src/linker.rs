//! [`Linker<T>`]: resolves imports by `module::name` from host functions
//! (store-independent) and externs of a store, then instantiates.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use anyhow::{Result, anyhow, bail};

use crate::engine::Engine;
use crate::error::InstantiationError;
use crate::func::{Caller, Func, HostFunc, IntoFunc, host_func, host_func_from_vals};
use crate::instance::{Instance, instantiate};
use crate::module::Module;
use crate::store::{AsContext, AsContextMut, StoreInner};
use crate::types::FuncType;
use crate::values::Val;
use crate::{Extern, ExternType};

enum Definition<T: 'static> {
    /// An item of a particular store.
    Extern(Extern),
    /// A host function, added to a store the first time it is used there.
    HostFunc(Arc<HostFunc<T>>),
}

impl<T: 'static> Clone for Definition<T> {
    fn clone(&self) -> Self {
        match self {
            Definition::Extern(e) => Definition::Extern(e.clone()),
            Definition::HostFunc(f) => Definition::HostFunc(f.clone()),
        }
    }
}

/// Named definitions used to satisfy module imports.
pub struct Linker<T: 'static> {
    engine: Engine,
    map: HashMap<(String, String), Definition<T>>,
    allow_shadowing: bool,
}

impl<T: 'static> Clone for Linker<T> {
    fn clone(&self) -> Self {
        Linker { engine: self.engine.clone(), map: self.map.clone(), allow_shadowing: self.allow_shadowing }
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker for modules of `engine`.
    pub fn new(engine: &Engine) -> Linker<T> {
        Linker { engine: engine.clone(), map: HashMap::new(), allow_shadowing: false }
    }

    /// The linker's engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Whether a later definition may replace an earlier one of the same
    /// name (otherwise redefinition is an error).
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition<T>) -> Result<&mut Self> {
        match self.map.entry((module.to_owned(), name.to_owned())) {
            Entry::Occupied(mut e) => {
                if !self.allow_shadowing {
                    bail!("import `{module}::{name}` is already defined");
                }
                e.insert(def);
            }
            Entry::Vacant(e) => {
                e.insert(def);
            }
        }
        Ok(self)
    }

    /// Defines `module::name` as an item of `store`.
    pub fn define(
        &mut self,
        store: impl AsContext<Data = T>,
        module: &str,
        name: &str,
        item: impl Into<Extern>,
    ) -> Result<&mut Self> {
        let item = item.into();
        item.ty_in(&store.as_context().0.opaque)?;
        self.insert(module, name, Definition::Extern(item))
    }

    /// Defines `module::name` as a host function from a typed closure.
    pub fn func_wrap<Params, Args>(
        &mut self,
        module: &str,
        name: &str,
        func: impl IntoFunc<T, Params, Args>,
    ) -> Result<&mut Self> {
        let host = Arc::new(host_func(&self.engine, func)?);
        self.insert(module, name, Definition::HostFunc(host))
    }

    /// Defines `module::name` as a host function of type `ty` over [`Val`]s.
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<()> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        let host = Arc::new(host_func_from_vals(&self.engine, ty, func)?);
        self.insert(module, name, Definition::HostFunc(host))
    }

    /// Defines every export of `instance` under `module_name`.
    pub fn instance(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module_name: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        let exports: Vec<(String, Extern)> =
            instance.exports(store.as_context_mut()).map(|e| (e.name().to_owned(), e.into_extern())).collect();
        for (name, item) in exports {
            self.insert(module_name, &name, Definition::Extern(item))?;
        }
        Ok(self)
    }

    /// Instantiates `module` and defines its exports under `module_name`.
    ///
    /// A *reactor* (a module without `_start`) is instantiated once; its
    /// `_initialize` export, if any, runs first. A *command* (a module that
    /// exports `_start`) gets a fresh instance for every call of each
    /// exported function, as in Wasmtime, so commands never share state.
    pub fn module(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module_name: &str,
        module: &Module,
    ) -> Result<&mut Self> {
        if module.get_export("_start").is_some_and(|ty| matches!(ty, ExternType::Func(_))) {
            return self.command(module_name, module);
        }
        let instance = self.instantiate(&mut store, module)?;
        if let Some(init) = instance.get_func(&mut store, "_initialize") {
            init.call(&mut store, &[], &mut [])?;
        }
        self.instance(store, module_name, instance)
    }

    fn command(&mut self, module_name: &str, module: &Module) -> Result<&mut Self> {
        let exports: Vec<(String, FuncType)> = module
            .exports()
            .filter_map(|e| match e.ty() {
                ExternType::Func(ty) => Some((e.name().to_owned(), ty)),
                _ => None,
            })
            .collect();
        for (name, ty) in exports {
            let linker = self.clone();
            let module = module.clone();
            let export = name.clone();
            self.func_new(module_name, &name, ty, move |mut caller, params, results| {
                let instance = linker.instantiate(&mut caller, &module)?;
                let func = instance
                    .get_func(&mut caller, &export)
                    .ok_or_else(|| anyhow!("command export `{export}` disappeared"))?;
                func.call(&mut caller, params, results)
            })?;
        }
        Ok(self)
    }

    /// The store function for a definition, registering host functions in
    /// the store on first use.
    fn resolve(&self, store: &mut StoreInner<T>, def: &Definition<T>) -> Result<Extern> {
        Ok(match def {
            Definition::Extern(e) => e.clone(),
            Definition::HostFunc(host) => {
                let key = Arc::as_ptr(host) as usize;
                let index = match store.linked_host_funcs.get(&key) {
                    Some(&index) => index,
                    None => {
                        let index = host.register(store)?;
                        store.linked_host_funcs.insert(key, index);
                        index
                    }
                };
                Extern::Func(Func::from_index(&store.opaque, index))
            }
        })
    }

    /// The definition of `module::name`, if any (`None` also if it is a host
    /// function the store cannot hold: store indices are 32-bit).
    pub fn get(&self, mut store: impl AsContextMut<Data = T>, module: &str, name: &str) -> Option<Extern> {
        let def = self.map.get(&(module.to_owned(), name.to_owned()))?;
        self.resolve(store.as_context_mut().0, def).ok()
    }

    /// Instantiates `module`, satisfying its imports from this linker.
    pub fn instantiate(&self, mut store: impl AsContextMut<Data = T>, module: &Module) -> Result<Instance> {
        let store = store.as_context_mut();
        let mut imports = Vec::with_capacity(module.info().imports.len());
        for import in module.imports() {
            let Some(def) = self.map.get(&(import.module().to_owned(), import.name().to_owned())) else {
                return Err(anyhow::Error::new(InstantiationError::Link(format!(
                    "unknown import: `{}::{}` has not been defined",
                    import.module(),
                    import.name()
                ))));
            };
            imports.push(self.resolve(store.0, def)?);
        }
        instantiate(store, module, &imports)
    }
}
