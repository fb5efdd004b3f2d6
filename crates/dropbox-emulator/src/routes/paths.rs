//! Path arguments: the spec's patterns (400 when they fail), Dropbox's malformed-path rules
//! (a route error), and looking paths and ids up in the tree.

use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::scope::Scope;
use crate::store::{Node, State, lower};

/// A path argument, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Root,
    /// A display path, `/a/b`.
    Path(String),
    Id(String),
    Rev(String),
}

/// Which spec pattern the argument follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// `files.Path`: `/…` only.
    Path,
    /// `files.WritePath` / `WritePathOrId`: `/…`, `ns:…`, (`id:…` with `or_id`).
    Write { or_id: bool },
    /// `files.ReadPath`: `/…`, `id:…`, `rev:…`, `ns:…`.
    Read,
    /// `files.PathROrId`: like ReadPath without `rev:`, and `""` for the root.
    RootOrId,
}

/// Parses `text` against `pattern`. A pattern failure is a 400; a path that fits the pattern but
/// is malformed (`/a/`, `/a//b`, `..`) is `Err(Ok(malformed_path))` for the route to wrap.
pub(crate) fn parse(
    route: &str,
    field: &str,
    text: &str,
    pattern: Pattern,
    scope: &Scope,
) -> Result<Target, PathError> {
    let pattern_error = || {
        PathError::BadInput(ApiError::bad_input(
            route,
            format!("request body: {field}: '{text}' did not match pattern"),
        ))
    };
    let (allow_root, allow_id, allow_rev) = match pattern {
        Pattern::Path => (false, false, false),
        Pattern::Write { or_id } => (false, or_id, false),
        Pattern::Read => (false, true, true),
        Pattern::RootOrId => (true, true, false),
    };
    let scope_root = |root: &str| {
        if root.is_empty() {
            Target::Root
        } else {
            Target::Path(root.to_owned())
        }
    };
    if text.is_empty() {
        return if allow_root {
            Ok(scope_root(scope.root()))
        } else {
            Err(pattern_error())
        };
    }
    if let Some(id) = text.strip_prefix("id:") {
        return if allow_id && !id.is_empty() {
            Ok(Target::Id(text.to_owned()))
        } else {
            Err(pattern_error())
        };
    }
    if let Some(rev) = text.strip_prefix("rev:") {
        return if allow_rev && rev.len() >= 9 && rev.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Target::Rev(rev.to_owned()))
        } else {
            Err(pattern_error())
        };
    }
    if let Some(rest) = text.strip_prefix("ns:") {
        if pattern == Pattern::Path {
            return Err(pattern_error());
        }
        let (ns, path) = rest.split_once('/').map_or((rest, ""), |(n, p)| (n, p));
        if ns.is_empty() || !ns.bytes().all(|b| b.is_ascii_digit()) {
            return Err(pattern_error());
        }
        let Some(root) = scope.namespace_path(ns, "") else {
            return Err(PathError::NotFound);
        };
        if path.is_empty() {
            return if allow_root {
                Ok(scope_root(&root))
            } else {
                Err(PathError::Malformed)
            };
        }
        let relative = format!("/{path}");
        check_malformed(&relative)?;
        return Ok(Target::Path(format!("{root}{relative}")));
    }
    if !text.starts_with('/') {
        return Err(pattern_error());
    }
    check_malformed(text)?;
    Ok(Target::Path(scope.tree_path(text)))
}

fn check_malformed(path: &str) -> Result<(), PathError> {
    let bad_component = path[1..]
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == ".." || c.ends_with(' '));
    if bad_component || path.contains('\\') {
        return Err(PathError::Malformed);
    }
    Ok(())
}

/// Why a path argument was not usable.
#[derive(Debug)]
pub(crate) enum PathError {
    BadInput(ApiError),
    Malformed,
    NotFound,
}

impl PathError {
    /// The `LookupError` (or `WriteError`) value for a route error, or the 400 as is.
    pub(crate) fn into_route_error(self, wrap: impl FnOnce(Value) -> ApiError) -> ApiError {
        match self {
            PathError::BadInput(error) => error,
            PathError::Malformed => wrap(json!({ ".tag": "malformed_path" })),
            PathError::NotFound => wrap(json!({ ".tag": "not_found" })),
        }
    }
}

/// Looks a target up. `Ok(None)` is the root.
pub(crate) fn lookup<'a>(state: &'a State, target: &Target) -> Option<Option<&'a Node>> {
    match target {
        Target::Root => Some(None),
        Target::Path(path) => state.files.get(&lower(path)).map(Some),
        Target::Id(id) => state.files.get_by_id(id).map(Some),
        Target::Rev(rev) => state.files.by_rev(rev).map(Some),
    }
}

/// `LookupError` tags.
pub(crate) fn not_found() -> Value {
    json!({ ".tag": "not_found" })
}

pub(crate) fn not_folder() -> Value {
    json!({ ".tag": "not_folder" })
}

pub(crate) fn not_file() -> Value {
    json!({ ".tag": "not_file" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope::home_of(&crate::model::account::RootInfo::User {
            root_namespace_id: "77".into(),
            home_namespace_id: "77".into(),
        })
    }

    fn read(text: &str) -> Result<Target, PathError> {
        parse("r", "path", text, Pattern::Read, &scope())
    }

    #[test]
    fn patterns_and_malformed_paths_are_told_apart() {
        assert_eq!(read("/a/b").unwrap(), Target::Path("/a/b".into()));
        assert_eq!(read("id:abc").unwrap(), Target::Id("id:abc".into()));
        assert_eq!(read("ns:77/x").unwrap(), Target::Path("/x".into()));
        assert!(matches!(read("ns:78/x"), Err(PathError::NotFound)));
        assert!(matches!(read("a/b"), Err(PathError::BadInput(_))));
        assert!(matches!(read(""), Err(PathError::BadInput(_))));
        assert!(matches!(read("/a/"), Err(PathError::Malformed)));
        assert!(matches!(read("/a//b"), Err(PathError::Malformed)));
        assert!(matches!(read("/a/../b"), Err(PathError::Malformed)));
        assert_eq!(
            parse("r", "path", "", Pattern::RootOrId, &scope()).unwrap(),
            Target::Root
        );
        assert!(matches!(
            parse("r", "path", "id:x", Pattern::Path, &scope()),
            Err(PathError::BadInput(_))
        ));
    }
}
