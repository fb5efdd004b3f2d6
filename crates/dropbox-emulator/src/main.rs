//! `dropbox-emulator`: run the emulator from the command line, for exploring it by hand or for
//! pointing another language's Dropbox SDK at it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use dropbox_emulator::{AccountType, Emulator, Seed, UploaderNames};

/// A Dropbox-compatible API server on 127.0.0.1.
///
/// One port serves Dropbox's api, content, notify and www hosts: the API under /2/, OAuth under
/// /oauth2/ (authorize page and token endpoint), file request upload pages under /request/ and
/// temporary links. A control API for tests lives under /__emulator/v1/ (health, tokens,
/// clock/advance, faults, stats, state, reset, paper/edit, team_space/move, users, browser). The first line on stdout is
/// "listening on http://127.0.0.1:PORT".
#[derive(Debug, Parser)]
#[command(name = "dropbox-emulator", version)]
struct Args {
    /// Port on 127.0.0.1 to listen on; 0 picks any free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Starting state: "demo" (a professor's course) or "empty".
    #[arg(long, default_value = "demo")]
    seed: Seed,
    /// Keep the state in this folder so that it survives restarts (default: memory only).
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Accept this OAuth client_id (repeatable). With none, any app key is accepted.
    #[arg(long = "app-key", value_name = "KEY")]
    app_keys: Vec<String>,
    /// Register a redirect URI (repeatable). /oauth2/authorize matches them exactly, as
    /// Dropbox does.
    #[arg(long = "redirect-uri", value_name = "URI")]
    redirect_uris: Vec<String>,
    /// Approve authorization requests at once, as Dropbox does for an app the user already
    /// approved.
    #[arg(long)]
    auto_approve: bool,
    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, default_value_t = 14_400)]
    access_token_ttl: u64,
    /// The account's plan: "basic" (free: no file request deadlines), "pro", or "business" (a
    /// team member whose team space is a separate root namespace, as at universities).
    #[arg(long, default_value = "pro")]
    account_type: AccountType,
    /// Milliseconds added to every API call.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// How the upload page names stored files: "appended" (the uploader's name after " - ",
    /// as Dropbox does by users' reports) or "as-uploaded".
    #[arg(long, default_value = "appended")]
    uploader_names: UploaderNames,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "dropbox_emulator=info".into()),
        )
        .init();
    let args = Args::parse();
    let mut builder = Emulator::builder()
        .seed(args.seed)
        .port(args.port)
        .account_type(args.account_type)
        .access_token_ttl(Duration::from_secs(args.access_token_ttl))
        .auto_approve(args.auto_approve)
        .latency(Duration::from_millis(args.latency_ms))
        .uploader_names(args.uploader_names);
    if let Some(dir) = args.data_dir {
        builder = builder.data_dir(dir);
    }
    for key in args.app_keys {
        builder = builder.app_key(key);
    }
    for uri in args.redirect_uris {
        builder = builder.redirect_uri(uri);
    }
    let emulator = match builder.spawn().await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("dropbox-emulator: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "listening on {}", emulator.base_url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    wait_for_stop().await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}

/// Ctrl-C or SIGTERM; the state is saved on the way out.
async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
