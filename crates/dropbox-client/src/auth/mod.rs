//! Sign-in (PKCE, offline access, loopback or pasted code) and the token lifecycle.

pub(crate) mod loopback;
pub(crate) mod pkce;
pub(crate) mod store;
pub(crate) mod tokens;
