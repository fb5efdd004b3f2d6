//! What the integration tests share: an emulator and a client signed in to it.

#![allow(dead_code, clippy::unwrap_used)] // each test file uses some of it; a test fails loudly

use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{EmulatorBuilder, EmulatorHandle};

/// Starts the emulator `builder` describes, with a client signed in to it through a token the
/// control API issued.
pub async fn signed_in(builder: EmulatorBuilder) -> (EmulatorHandle, Client) {
    let emulator = builder.spawn().await.unwrap();
    let client = client_for(&emulator).await;
    (emulator, client)
}

/// A client signed in to a running emulator (a fresh token each time).
pub async fn client_for(emulator: &EmulatorHandle) -> Client {
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    Client::new(hosts, AccessToken::new(token.access_token))
}

/// A loopback port free at the moment of asking (for a sign-in's redirect).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
