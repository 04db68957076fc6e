//! Splits the linked hydrate module (`frontend.wasm`, linked with `--emit-relocs`) at its
//! `#[lazy]` points, the way `cargo leptos build --split` does: the main module goes to
//! `MAIN_OUT` for wasm-bindgen, the chunks and the loader `__wasm_split.…js` into `PKG`, and the
//! manifest leptos' `HydrationScripts` reads (split name → the files it needs) beside them.
//!
//! usage: stempel-wasm-split IN.wasm PKG MAIN_OUT.wasm OUTPUT_NAME

use std::path::Path;
use std::process::ExitCode;

/// The loader's name as leptos looks for it when no hash is configured for it.
const LOADER: &str = "./__wasm_split.______________________.js";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, pkg, main_out, name] = args.as_slice() else {
        eprintln!("usage: stempel-wasm-split IN.wasm PKG MAIN_OUT.wasm OUTPUT_NAME");
        return ExitCode::from(2);
    };
    match split(input, pkg, main_out, name) {
        Ok(n) => {
            println!("wasm split: {n} lazy modules");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wasm split failed: {e:?}");
            ExitCode::FAILURE
        }
    }
}

fn split(input: &str, pkg: &str, main_out: &str, name: &str) -> Result<usize, String> {
    let bytes = std::fs::read(input).map_err(|e| format!("{input}: {e}"))?;
    let main_module = format!("./{name}.js");
    let mut options = wasm_split_cli_support::Options::new(&bytes);
    options.output_dir = Path::new(pkg);
    options.main_out_path = Path::new(main_out);
    options.main_module = &main_module;
    options.link_name = LOADER;
    let result = wasm_split_cli_support::transform(options).map_err(|e| format!("{e:?}"))?;
    let manifest = serde_json::to_string_pretty(&result.prefetch_map).map_err(|e| e.to_string())?;
    let path = Path::new(pkg).join("__wasm_split_manifest.json");
    std::fs::write(&path, manifest).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(result.split_modules.len())
}
