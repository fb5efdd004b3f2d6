//! `dropbox-emulator`: run the emulator from the command line, for exploring it by hand or for
//! pointing another language's Dropbox SDK at it.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use dropbox_emulator::{AccountType, Emulator, Seed};

/// A Dropbox-compatible API server on 127.0.0.1.
///
/// One port serves Dropbox's api, content, notify and www hosts, plus a control API under
/// /__emulator/v1/ (health, tokens, clock/advance). The first line on stdout is
/// "listening on http://127.0.0.1:PORT".
#[derive(Debug, Parser)]
#[command(name = "dropbox-emulator", version)]
struct Args {
    /// Port on 127.0.0.1 to listen on; 0 picks any free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Starting state: "demo" (a professor's account) or "empty".
    #[arg(long, default_value = "demo")]
    seed: Seed,
    /// The account's plan: "basic" (free) or "pro".
    #[arg(long, default_value = "pro")]
    account_type: AccountType,
    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, default_value_t = 14_400)]
    access_token_ttl: u64,
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
    let emulator = match Emulator::builder()
        .seed(args.seed)
        .account_type(args.account_type)
        .port(args.port)
        .access_token_ttl(Duration::from_secs(args.access_token_ttl))
        .spawn()
        .await
    {
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
    let _ = tokio::signal::ctrl_c().await;
    emulator.shutdown().await;
    ExitCode::SUCCESS
}
