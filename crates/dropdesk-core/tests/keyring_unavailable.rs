//! With no Secret Service on the session bus, the keyring is reported unavailable with the
//! reason and the fix, and tokens stay in memory: never a plaintext file.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::process::Command;

use dropbox_client::TokenStoreError;
use dropdesk_core::session::{KeyringStore, session_only};

const CHILD: &str = "DROPDESK_TEST_NO_SECRET_SERVICE";
const TEST: &str = "without_a_secret_service_sign_ins_are_for_this_session_only";

#[test]
fn without_a_secret_service_sign_ins_are_for_this_session_only() {
    // The bus address is per process: run this test again in a child without a bus.
    if std::env::var_os(CHILD).is_none() {
        let status = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/dropdesk-test-bus",
            )
            .status()
            .unwrap();
        assert!(status.success(), "the child test failed");
        return;
    }
    let error = KeyringStore::open_as("app.dropdesk.test.unavailable").unwrap_err();
    assert!(
        matches!(error, TokenStoreError::Unavailable(_)),
        "{error:?}"
    );
    let storage = session_only(&error);
    let problem = storage.problem.unwrap();
    assert!(problem.contains("for this session only"), "{problem}");
    assert!(problem.contains("How to fix"), "{problem}");
    assert!(storage.remembered.is_none(), "nothing is written to disk");
}
