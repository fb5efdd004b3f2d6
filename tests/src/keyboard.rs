//! Keys pressed as a person presses them: XTest events on the X display, which GTK sees as
//! the keyboard's, so that the menu bar's accelerators take them before the page does
//! (WebDriver's keys are made inside WebKit, past the menu bar).

use anyhow::Context;
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    ConnectionExt, InputFocus, KEY_PRESS_EVENT, KEY_RELEASE_EVENT, Keycode, MOTION_NOTIFY_EVENT,
};
use x11rb::protocol::xtest::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;
use x11rb::wrapper::ConnectionExt as _;
use x11rb::{CURRENT_TIME, NONE};

/// The keyboard of the display (`$DISPLAY`).
pub struct Keyboard {
    connection: RustConnection,
    root: u32,
}

/// X keysyms of the keys the tests press.
fn keysym(name: &str) -> anyhow::Result<u32> {
    Ok(match name {
        "Ctrl" => 0xffe3,
        "Shift" => 0xffe1,
        "Esc" => 0xff1b,
        "=" => 0x3d,
        "-" => 0x2d,
        "/" => 0x2f,
        one if one.chars().count() == 1 => {
            let c = one.chars().next().unwrap_or_default().to_ascii_lowercase();
            anyhow::ensure!(c.is_ascii_alphanumeric(), "no keysym for {one:?}");
            u32::from(c)
        }
        other => anyhow::bail!("no keysym for {other:?}"),
    })
}

impl Keyboard {
    pub fn open() -> anyhow::Result<Self> {
        let (connection, screen) = x11rb::connect(None).context("connecting to the X display")?;
        let root = connection.setup().roots[screen].root;
        Ok(Self { connection, root })
    }

    /// The keyboard, given to the app's window wherever it is on the screen.
    pub async fn for_app(app: &crate::App) -> anyhow::Result<Self> {
        let (x, y, width, height) = app.client().get_window_rect().await?;
        let keyboard = Self::open()?;
        let centre = |start: u64, length: u64| i16::try_from(start + length / 2);
        keyboard.point_at(centre(x, width)?, centre(y, height)?)?;
        Ok(keyboard)
    }

    /// Gives the keyboard to the window under the pointer and puts the pointer at (x, y) on
    /// the screen, inside the app's window (there is no window manager to focus it).
    pub fn point_at(&self, x: i16, y: i16) -> anyhow::Result<()> {
        self.connection
            .set_input_focus(InputFocus::POINTER_ROOT, 1u32, CURRENT_TIME)?
            .check()
            .context("giving the keyboard to the window under the pointer")?;
        self.connection
            .xtest_fake_input(MOTION_NOTIFY_EVENT, 0, CURRENT_TIME, self.root, x, y, 0)?
            .check()?;
        self.connection.sync()?;
        Ok(())
    }

    fn keycode(&self, name: &str) -> anyhow::Result<Keycode> {
        let wanted = keysym(name)?;
        let setup = self.connection.setup();
        let (first, last) = (setup.min_keycode, setup.max_keycode);
        let map = self
            .connection
            .get_keyboard_mapping(first, last - first + 1)?
            .reply()?;
        let per = usize::from(map.keysyms_per_keycode);
        map.keysyms
            .chunks(per.max(1))
            .position(|syms| syms.first() == Some(&wanted))
            .and_then(|at| u8::try_from(at).ok())
            .map(|at| first + at)
            .with_context(|| format!("no key on this keyboard types {name:?}"))
    }

    /// Presses `chord` ("Ctrl+Shift+1", "Ctrl+=", "Esc") and lets it go, in order and back.
    pub fn press(&self, chord: &str) -> anyhow::Result<()> {
        let keys: Vec<Keycode> = chord
            .split('+')
            .map(|key| self.keycode(key))
            .collect::<anyhow::Result<_>>()?;
        for &key in &keys {
            self.connection
                .xtest_fake_input(KEY_PRESS_EVENT, key, CURRENT_TIME, NONE, 0, 0, 0)?;
        }
        for &key in keys.iter().rev() {
            self.connection.xtest_fake_input(
                KEY_RELEASE_EVENT,
                key,
                CURRENT_TIME,
                NONE,
                0,
                0,
                0,
            )?;
        }
        self.connection.sync().context("sending the keys")?;
        Ok(())
    }
}
