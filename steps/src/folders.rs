//! The feature files under a folder: every `.feature` file found by walking it, links included.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Every `.feature` file under `dir`, unordered, each path as the walk reached it. A folder is
/// entered once however many links lead to it: a link back up (`ln -s . again`) made the walk
/// go round until the paths grew too long, and two such links made it take exponentially long.
/// A link to a folder elsewhere is followed, once.
pub fn feature_files(dir: &Path) -> Vec<PathBuf> {
    let mut entered = HashSet::new();
    let mut out = Vec::new();
    walk(dir, &mut entered, &mut out);
    out
}

fn walk(dir: &Path, entered: &mut HashSet<PathBuf>, out: &mut Vec<PathBuf>) {
    let Ok(canonical) = dir.canonicalize() else {
        return;
    };
    if !entered.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, entered, out);
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_folder_reached_again_through_a_link_is_not_walked_again() {
        let root = tempfile::Builder::new()
            .prefix("gwt-folders-")
            .tempdir()
            .expect("a temporary folder");
        let (suite, elsewhere) = (root.path().join("suite"), root.path().join("elsewhere"));
        std::fs::create_dir_all(suite.join("sub")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(suite.join("a.feature"), "").unwrap();
        std::fs::write(suite.join("sub/b.feature"), "").unwrap();
        std::fs::write(elsewhere.join("c.feature"), "").unwrap();
        // A link back up made the walk go round (two made it run exponentially long); a folder
        // outside, reached by two links, is walked once.
        symlink(".", suite.join("again")).unwrap();
        symlink(&elsewhere, suite.join("there")).unwrap();
        symlink(&elsewhere, suite.join("sub/there too")).unwrap();
        let mut found: Vec<String> = feature_files(&suite)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        found.sort();
        assert_eq!(found, ["a.feature", "b.feature", "c.feature"]);
    }
}
