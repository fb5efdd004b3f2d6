//! Sign-in and the token lifecycle.

pub(crate) mod tokens;
