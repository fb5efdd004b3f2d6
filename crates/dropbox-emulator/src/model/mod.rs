//! The emulator's own wire types (the spec's names), independent of any client.

pub mod account;
