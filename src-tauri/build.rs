//! Builds the Svelte frontend (so a plain `cargo build` yields a complete app), then runs
//! tauri-build, which embeds it and declares the app's commands for the capability system.

use std::path::Path;
use std::process::{Command, Stdio};

/// Every command the webview may call. A command missing here cannot be granted to a window.
const COMMANDS: &[&str] = &[
    "get_session",
    "sign_in",
    "finish_sign_in",
    "sign_in_with_code",
    "cancel_sign_in",
    "sign_out",
    "switch_account",
    "remember",
    "try_demo",
    "set_notifies_arrivals",
    "watch_opens",
    "watch_menu",
    "reset_demo",
    "get_settings",
    "save_settings",
    "set_theme",
    "open_logs_folder",
    "open_external",
    "list_requests",
    "create_request",
    "update_request",
    "set_request_open",
    "delete_request",
    "delete_closed_requests",
    "course_requests",
    "set_course_requests_open",
    "delete_closed_course_requests",
    "list_submissions",
    "submission_changes",
    "open_submission",
    "late_counts",
    "plan_term",
    "plan_term_from_csv",
    "plan_rollover",
    "preview_term",
    "create_term",
    "cancel_term",
    "share_link",
    "open_folder_on_dropbox",
    "list_folders",
    "download_file",
    "download_all_submissions",
    "cancel_download",
    "get_download_folder",
    "open_download_folder",
    "choose_download_folder",
    "watch_waits",
    "paper_availability",
    "list_paper_docs",
    "create_paper_doc",
    "open_paper_doc",
    "save_paper_doc",
    "resolve_conflicts",
    "add_paper_note",
    "render_markdown",
    "save_draft",
    "list_drafts",
    "discard_draft",
    "list_courses",
    "add_course",
    "open_course",
    "course_changes",
    "edit_course",
    "load_class_list",
    "preview_class_list",
    "import_class_list",
    "export_course",
    "email_students",
    "course_request_counts",
];

/// What the frontend build reads; a change to any of these rebuilds it.
const UI_INPUTS: &[&str] = &[
    "src",
    "index.html",
    "package.json",
    "package-lock.json",
    "vite.config.ts",
    "svelte.config.js",
    "tsconfig.json",
];

fn main() {
    build_frontend();
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}

fn build_frontend() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let ui = Path::new(&manifest_dir).join("../ui");
    for input in UI_INPUTS {
        println!("cargo:rerun-if-changed={}", ui.join(input).display());
    }
    // clippy reads the Rust only: it keeps the frontend already built rather than building it
    // again on every UI edit. `cargo build` (and so every test run) always builds it.
    if checked_by_clippy() && ui.join("dist/index.html").is_file() {
        return;
    }
    // The same rule as scripts/setup.sh: install when the lock file is newer than the install.
    let installed = ui.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&installed) < modified(&ui.join("package-lock.json")) {
        npm(&ui, &["ci", "--no-audit", "--no-fund"]);
    }
    npm(&ui, &["run", "build"]);
}

/// Whether cargo runs this build for `cargo clippy` (its driver wraps rustc).
fn checked_by_clippy() -> bool {
    ["RUSTC_WORKSPACE_WRAPPER", "RUSTC_WRAPPER"]
        .iter()
        .any(|var| {
            std::env::var(var).is_ok_and(|wrapper| {
                Path::new(&wrapper)
                    .file_stem()
                    .is_some_and(|name| name.to_string_lossy().starts_with("clippy-driver"))
            })
        })
}

fn npm(dir: &Path, args: &[&str]) {
    // npm's own output goes to stderr: a build script's stdout is read by cargo as directives.
    let status = Command::new("npm")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::from(std::io::stderr()))
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => panic!(
            "`npm {}` in {} failed ({status}); run it there to see why",
            args.join(" "),
            dir.display()
        ),
        Err(error) => panic!(
            "could not run npm to build the frontend ({error}); install Node.js 20.19 or \
             newer (scripts/setup.sh checks the version)"
        ),
    }
}
