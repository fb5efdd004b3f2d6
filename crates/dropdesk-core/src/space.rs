//! Where paths start for the signed-in account. A personal Dropbox has one namespace. A team
//! member's calls all carry `Dropbox-API-Path-Root` with the team space, so paths start there:
//! the member's own folder (`/Ada Lovelace`) beside the team folders (`/CS Department`).
//!
//! A folder the user types, or one kept from before the team space was used
//! (`/Courses/CS101`), means a folder of the team space only when its first part names one;
//! otherwise it is in the member's own folder, which is where Dropbox kept it for them before.

use dropbox_client::routes::files;
use dropbox_client::types::files::{GetMetadataError, LookupError, Metadata};
use dropbox_client::types::users::{FullAccount, RootInfo};
use dropbox_client::{Client, Error, PathRoot};

use crate::error::CoreError;

/// The account's namespace: personal, or a team space with the member's own folder in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Space {
    Personal,
    Team {
        /// The member's own folder in the team space, as Dropbox spells it (`/Ada Lovelace`).
        home: String,
    },
}

/// A typed folder, as Dropbox takes it in the account's namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The folder's path from the namespace's top (`/Ada Lovelace/Courses/CS101`).
    pub path: String,
    /// Put into the member's own folder, because its first part is not in the team space.
    pub in_own_folder: bool,
}

impl Space {
    pub fn of(account: &FullAccount) -> Self {
        match &account.root_info {
            RootInfo::Team { home_path, .. } if !home_path.is_empty() => Space::Team {
                home: home_path.clone(),
            },
            _ => Space::Personal,
        }
    }

    /// The header every call of the account carries (none for a personal account).
    pub fn path_root(account: &FullAccount) -> Option<PathRoot> {
        PathRoot::for_account(&account.root_info)
    }

    /// The member's own folder, for team members.
    pub fn own_folder(&self) -> Option<&str> {
        match self {
            Space::Personal => None,
            Space::Team { home } => Some(home),
        }
    }

    /// Whether `path` (from the namespace's top) is the member's own folder or inside it.
    pub fn is_own(&self, path: &str) -> bool {
        self.own_folder().is_some_and(|home| {
            let (home, path) = (home.to_lowercase(), path.to_lowercase());
            path == home || path.strip_prefix(&home).is_some_and(|r| r.starts_with('/'))
        })
    }

    /// `folder` (`/…`, already checked for form) as Dropbox takes it: unchanged for personal
    /// accounts, for the member's own folder and for folders of the team space; otherwise
    /// inside the member's own folder.
    pub async fn place(&self, client: &Client, folder: &str) -> Result<Placed, CoreError> {
        let as_typed = || Placed {
            path: folder.to_owned(),
            in_own_folder: false,
        };
        let Space::Team { home } = self else {
            return Ok(as_typed());
        };
        let first = folder
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or("");
        if first.is_empty() || self.is_own(folder) {
            return Ok(as_typed());
        }
        match files::get_metadata(client, &format!("/{first}")).await {
            Ok(Metadata::Folder(_)) => Ok(as_typed()),
            Ok(_) => Err(CoreError::InvalidInput {
                field: "destination",
                message: format!(
                    "Folder: /{first} in the team space is a file. Choose a folder, or start \
                     the path with {home} for your own folder."
                ),
            }),
            Err(Error::Route(GetMetadataError::Path {
                path: LookupError::NotFound,
            })) => Ok(Placed {
                path: format!("{home}{folder}"),
                in_own_folder: true,
            }),
            Err(Error::Route(GetMetadataError::Path { path })) => {
                Err(crate::lookup::lookup_refused(&path))
            }
            Err(other) => Err(other.into()),
        }
    }
}

/// [`Space::place`] for many folders, asking Dropbox once per first part of the path: a
/// term's rows mostly share one course folder.
pub struct Placer<'a> {
    space: &'a Space,
    /// By the first part, lower case: whether folders under it go into the member's own
    /// folder.
    known: std::collections::HashMap<String, bool>,
}

impl<'a> Placer<'a> {
    pub fn new(space: &'a Space) -> Self {
        Placer {
            space,
            known: std::collections::HashMap::new(),
        }
    }

    pub async fn place(&mut self, client: &Client, folder: &str) -> Result<Placed, CoreError> {
        let Space::Team { home } = self.space else {
            return self.space.place(client, folder).await;
        };
        let first = folder
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or("")
            .to_lowercase();
        let in_own_folder = match self.known.get(&first) {
            Some(known) => *known,
            None => {
                let placed = self.space.place(client, folder).await?;
                self.known.insert(first, placed.in_own_folder);
                return Ok(placed);
            }
        };
        Ok(if in_own_folder {
            Placed {
                path: format!("{home}{folder}"),
                in_own_folder,
            }
        } else {
            Placed {
                path: folder.to_owned(),
                in_own_folder,
            }
        })
    }
}
