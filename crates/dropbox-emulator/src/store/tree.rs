//! The file tree of the account's namespace: case-insensitive, case-preserving paths, stable ids,
//! and a change log that list_folder cursors and longpoll read.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use serde::{Deserialize, Serialize};

use super::state::Ids;

/// Dropbox compares paths case-insensitively.
pub(crate) fn lower(path: &str) -> String {
    path.to_lowercase()
}

/// The parent of a display path (`""` is the root).
fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

pub(crate) fn name_of(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Node {
    pub(crate) path_display: String,
    pub(crate) id: String,
    pub(crate) kind: NodeKind,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum NodeKind {
    Folder,
    File {
        rev: String,
        size: u64,
        content_hash: String,
        client_modified: i64,
        server_modified: i64,
    },
    /// A Paper doc (`.paper`): not downloadable, only exportable.
    Paper {
        rev: String,
        revision: i64,
        markdown: String,
        client_modified: i64,
        server_modified: i64,
    },
}

impl Node {
    pub(crate) fn name(&self) -> &str {
        name_of(&self.path_display)
    }

    pub(crate) fn is_folder(&self) -> bool {
        matches!(self.kind, NodeKind::Folder)
    }
}

/// One entry of the change log: something at this path was created, changed or removed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Change {
    pub(crate) seq: u64,
    pub(crate) path_lower: String,
    pub(crate) path_display: String,
}

/// `files.WriteConflictError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WriteConflict {
    File,
    Folder,
    FileAncestor,
}

impl WriteConflict {
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Folder => "folder",
            Self::FileAncestor => "file_ancestor",
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Tree {
    nodes: BTreeMap<String, Node>,
    pub(crate) seq: u64,
    /// Bumped when the whole tree is replaced (control API reset): older cursors are void.
    #[serde(default)]
    pub(crate) generation: u64,
    changes: Vec<Change>,
    #[serde(skip)]
    by_id: HashMap<String, String>,
}

impl Tree {
    /// Rebuilds the id index after loading.
    pub(crate) fn reindex(&mut self) {
        self.by_id = self
            .nodes
            .iter()
            .map(|(path, node)| (node.id.clone(), path.clone()))
            .collect();
    }

    pub(crate) fn get(&self, path_lower: &str) -> Option<&Node> {
        self.nodes.get(path_lower)
    }

    pub(crate) fn get_mut(&mut self, path_lower: &str) -> Option<&mut Node> {
        self.nodes.get_mut(path_lower)
    }

    pub(crate) fn get_by_id(&self, id: &str) -> Option<&Node> {
        self.by_id.get(id).and_then(|path| self.nodes.get(path))
    }

    /// Whether something existed at this path and was removed (for `include_deleted`).
    pub(crate) fn was_removed(&self, path_lower: &str) -> bool {
        !self.nodes.contains_key(path_lower)
            && self.changes.iter().any(|c| c.path_lower == path_lower)
    }

    /// The file whose current revision is `rev`.
    pub(crate) fn by_rev(&self, rev: &str) -> Option<&Node> {
        self.nodes.values().find(|node| match &node.kind {
            NodeKind::File { rev: r, .. } | NodeKind::Paper { rev: r, .. } => r == rev,
            NodeKind::Folder => false,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    fn record(&mut self, path_display: &str) {
        self.seq += 1;
        self.changes.push(Change {
            seq: self.seq,
            path_lower: lower(path_display),
            path_display: path_display.to_owned(),
        });
    }

    /// Checks that every ancestor of `path` is a folder or missing.
    pub(crate) fn check_ancestors(&self, path: &str) -> Result<(), WriteConflict> {
        let mut parent = parent_of(path);
        while !parent.is_empty() {
            if let Some(node) = self.nodes.get(&lower(parent))
                && !node.is_folder()
            {
                return Err(WriteConflict::FileAncestor);
            }
            parent = parent_of(parent);
        }
        Ok(())
    }

    /// Creates the folder at `path` and any missing ancestors. An existing folder is fine.
    pub(crate) fn ensure_folder(&mut self, path: &str, ids: &mut Ids) -> Result<(), WriteConflict> {
        self.check_ancestors(path)?;
        match self.nodes.get(&lower(path)) {
            Some(node) if node.is_folder() => return Ok(()),
            Some(_) => return Err(WriteConflict::File),
            None => {}
        }
        let parent = parent_of(path);
        if !parent.is_empty() {
            self.ensure_folder(parent, ids)?;
        }
        self.insert(path, NodeKind::Folder, ids);
        Ok(())
    }

    /// Inserts or replaces the node at `path`, creating missing parent folders. The caller has
    /// checked for conflicts. Returns the stored node.
    pub(crate) fn put(&mut self, path: &str, kind: NodeKind, ids: &mut Ids) -> &Node {
        let parent = parent_of(path);
        if !parent.is_empty() {
            // Conflicts were checked by the caller; a failure here leaves the tree unchanged.
            let _ = self.ensure_folder(parent, ids);
        }
        self.insert(path, kind, ids)
    }

    fn insert(&mut self, path: &str, kind: NodeKind, ids: &mut Ids) -> &Node {
        let key = lower(path);
        let id = match self.nodes.get(&key) {
            Some(existing) => existing.id.clone(),
            None => ids.file_id(),
        };
        // A replaced node keeps its id and the casing it was created with, as on Dropbox.
        let path_display = self
            .nodes
            .get(&key)
            .map_or_else(|| path.to_owned(), |n| n.path_display.clone());
        self.record(&path_display);
        self.by_id.insert(id.clone(), key.clone());
        self.nodes.insert(
            key.clone(),
            Node {
                path_display,
                id,
                kind,
            },
        );
        &self.nodes[&key]
    }

    /// Marks a node as changed after an in-place edit (e.g. a Paper revision).
    pub(crate) fn touch(&mut self, path_lower: &str) {
        if let Some(display) = self.nodes.get(path_lower).map(|n| n.path_display.clone()) {
            self.record(&display);
        }
    }

    /// Removes the node at `path_lower` and, for a folder, everything in it. Returns the removed
    /// node (the top one).
    pub(crate) fn remove(&mut self, path_lower: &str) -> Option<Node> {
        let top = self.nodes.remove(path_lower)?;
        let prefix = format!("{path_lower}/");
        let inside: Vec<String> = self
            .nodes
            .range::<str, _>((Bound::Excluded(prefix.as_str()), Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone())
            .collect();
        for key in inside {
            if let Some(node) = self.nodes.remove(&key) {
                self.by_id.remove(&node.id);
                self.record(&node.path_display);
            }
        }
        self.by_id.remove(&top.id);
        self.record(&top.path_display);
        Some(top)
    }

    /// The first free path of the form `name (n).ext` next to `path`, as Dropbox autorenames.
    pub(crate) fn free_path(&self, path: &str) -> String {
        if !self.nodes.contains_key(&lower(path)) {
            return path.to_owned();
        }
        let (parent, name) = (parent_of(path), name_of(path));
        let (stem, ext) = match name.rfind('.') {
            Some(dot) if dot > 0 => (&name[..dot], &name[dot..]),
            _ => (name, ""),
        };
        (1..)
            .map(|n| format!("{parent}/{stem} ({n}){ext}"))
            .find(|candidate| !self.nodes.contains_key(&lower(candidate)))
            .unwrap_or_else(|| path.to_owned())
    }

    /// Nodes under the folder `folder_lower` (`""` = root), in path order, starting after the
    /// path `after` (exclusive) if given.
    pub(crate) fn under<'a>(
        &'a self,
        folder_lower: &str,
        recursive: bool,
        after: Option<&str>,
    ) -> impl Iterator<Item = &'a Node> + 'a {
        let prefix = format!("{folder_lower}/");
        let start = match after {
            Some(after) => Bound::Excluded(after.to_owned()),
            None => Bound::Excluded(prefix.clone()),
        };
        let depth_start = prefix.len();
        self.nodes
            .range::<String, _>((start, Bound::Unbounded))
            .take_while(move |(k, _)| k.starts_with(&prefix))
            .filter(move |(k, _)| recursive || !k[depth_start..].contains('/'))
            .map(|(_, node)| node)
    }

    /// Changes after `seq` to paths under `folder_lower`, the latest per path, in log order.
    pub(crate) fn changes_since(
        &self,
        seq: u64,
        folder_lower: &str,
        recursive: bool,
    ) -> Vec<&Change> {
        let prefix = format!("{folder_lower}/");
        let start = self.changes.partition_point(|c| c.seq <= seq);
        let mut latest: HashMap<&str, usize> = HashMap::new();
        let relevant: Vec<&Change> = self.changes[start..]
            .iter()
            .filter(|c| {
                c.path_lower.starts_with(&prefix)
                    && (recursive || !c.path_lower[prefix.len()..].contains('/'))
            })
            .collect();
        for (i, change) in relevant.iter().enumerate() {
            latest.insert(change.path_lower.as_str(), i);
        }
        relevant
            .iter()
            .enumerate()
            .filter(|(i, c)| latest.get(c.path_lower.as_str()) == Some(i))
            .map(|(_, c)| *c)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> NodeKind {
        NodeKind::File {
            rev: "0123456789".into(),
            size: 0,
            content_hash: String::new(),
            client_modified: 0,
            server_modified: 0,
        }
    }

    #[test]
    fn paths_are_case_insensitive_and_keep_their_first_casing() {
        let (mut tree, mut ids) = (Tree::default(), Ids::default());
        tree.put("/Courses/CS101/hw1.PDF", file(), &mut ids);
        assert!(tree.get("/courses/cs101/hw1.pdf").is_some());
        assert!(tree.get("/courses").unwrap().is_folder());
        tree.put("/COURSES/cs101/HW1.pdf", file(), &mut ids);
        assert_eq!(
            tree.get("/courses/cs101/hw1.pdf").unwrap().path_display,
            "/Courses/CS101/hw1.PDF"
        );
    }

    #[test]
    fn free_path_appends_a_number_before_the_extension() {
        let (mut tree, mut ids) = (Tree::default(), Ids::default());
        tree.put("/a/report.pdf", file(), &mut ids);
        assert_eq!(tree.free_path("/a/report.pdf"), "/a/report (1).pdf");
        tree.put("/a/report (1).pdf", file(), &mut ids);
        assert_eq!(tree.free_path("/a/Report.pdf"), "/a/Report (2).pdf");
        assert_eq!(tree.free_path("/a/new.pdf"), "/a/new.pdf");
    }

    #[test]
    fn a_file_blocks_folders_beneath_it() {
        let (mut tree, mut ids) = (Tree::default(), Ids::default());
        tree.put("/a", file(), &mut ids);
        assert_eq!(
            tree.ensure_folder("/a/b", &mut ids),
            Err(WriteConflict::FileAncestor)
        );
        assert_eq!(tree.ensure_folder("/a", &mut ids), Err(WriteConflict::File));
    }

    #[test]
    fn listing_under_a_folder_is_ordered_and_respects_depth() {
        let (mut tree, mut ids) = (Tree::default(), Ids::default());
        for path in ["/a/2", "/a/1", "/a/sub/x", "/ab"] {
            tree.put(path, file(), &mut ids);
        }
        let direct: Vec<_> = tree
            .under("/a", false, None)
            .map(|n| n.path_display.clone())
            .collect();
        assert_eq!(direct, ["/a/1", "/a/2", "/a/sub"]);
        let all: Vec<_> = tree
            .under("/a", true, None)
            .map(|n| n.path_display.clone())
            .collect();
        assert_eq!(all, ["/a/1", "/a/2", "/a/sub", "/a/sub/x"]);
        let after: Vec<_> = tree
            .under("/a", true, Some("/a/2"))
            .map(|n| n.path_display.clone())
            .collect();
        assert_eq!(after, ["/a/sub", "/a/sub/x"]);
    }

    #[test]
    fn changes_since_reports_each_path_once_including_removals() {
        let (mut tree, mut ids) = (Tree::default(), Ids::default());
        tree.put("/a/x", file(), &mut ids);
        let mark = tree.seq;
        tree.put("/a/y", file(), &mut ids);
        tree.put("/a/y", file(), &mut ids);
        tree.remove("/a/x");
        let changed: Vec<_> = tree
            .changes_since(mark, "/a", false)
            .iter()
            .map(|c| c.path_lower.clone())
            .collect();
        assert_eq!(changed, ["/a/y", "/a/x"]);
        assert!(tree.get("/a/x").is_none());
        assert!(
            tree.get_by_id(&tree.get("/a/y").unwrap().id.clone())
                .is_some()
        );
    }
}
