//! Another window taking the keyboard focus from the app, as switching to another program
//! does: an X11 window of the test's own, mapped and given the input focus.

use anyhow::Context;
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{ConnectionExt, CreateWindowAux, InputFocus, Window, WindowClass};
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;
use x11rb::{COPY_DEPTH_FROM_PARENT, CURRENT_TIME};

/// The other window, focused until dropped.
pub struct OtherWindow {
    connection: RustConnection,
    window: Window,
}

impl OtherWindow {
    /// Opens a window on the display (`$DISPLAY`) and moves the keyboard focus to it.
    pub fn take_focus() -> anyhow::Result<Self> {
        let (connection, screen) = x11rb::connect(None).context("connecting to the X display")?;
        let root = connection.setup().roots[screen].root;
        let window = connection.generate_id()?;
        connection.create_window(
            COPY_DEPTH_FROM_PARENT,
            window,
            root,
            0,
            0,
            200,
            100,
            0,
            WindowClass::INPUT_OUTPUT,
            0,
            &CreateWindowAux::new(),
        )?;
        // Without a window manager the window is mapped at once; the sync makes it viewable
        // before the focus moves to it.
        connection.map_window(window)?;
        connection.sync()?;
        connection
            .set_input_focus(InputFocus::PARENT, window, CURRENT_TIME)?
            .check()
            .context("moving the keyboard focus to another window")?;
        connection.sync()?;
        Ok(Self { connection, window })
    }
}

impl Drop for OtherWindow {
    fn drop(&mut self) {
        let _ = self.connection.destroy_window(self.window);
        let _ = self.connection.flush();
    }
}
