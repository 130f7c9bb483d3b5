//! The feature files under a folder: every `.feature` file found by walking it, links included.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The feature files found under a folder, and what was named as one but is no file.
#[derive(Debug, Default)]
pub struct Found {
    /// Every `.feature` file (`.FEATURE`, `.Feature`: a name's case is the editor's or the
    /// file system's, and such a file was skipped without a word), each path as the walk
    /// reached it, unordered.
    pub files: Vec<PathBuf>,
    /// Named as feature files but neither file nor folder (a named pipe, a socket, a device):
    /// reading a pipe waits for a writer that may never come, and the run hung without a word.
    pub not_files: Vec<PathBuf>,
    /// Named as feature files, links that lead nowhere: skipped without a word, where the same
    /// link given by name is told.
    pub broken_links: Vec<PathBuf>,
}

/// What a link that leads nowhere is told, named as a feature file or given by name.
pub const LEADS_NOWHERE: &str =
    "a symbolic link that leads nowhere (to nothing there, or round in a loop)";

impl Found {
    /// What a run of the folder tells of what it found named as a feature file that is no file
    /// to read, in name order: each pipe, socket or device, then each link that leads nowhere.
    pub fn problems(&self) -> Vec<String> {
        let mut not_files = self.not_files.clone();
        not_files.sort();
        let mut broken = self.broken_links.clone();
        broken.sort();
        let not_files = not_files.iter().map(|p| {
            format!(
                "{}: not a file (a named pipe, a socket or a device), so not read: a folder's \
                 feature files are files",
                p.display()
            )
        });
        let broken = broken
            .iter()
            .map(|p| format!("{}: {LEADS_NOWHERE}", p.display()));
        not_files.chain(broken).collect()
    }

    /// What a run of the folder `dir` tells when it found nothing at all: nothing failed to
    /// read, but a folder with nothing in it to read is most likely a path mistaken, and fails
    /// the run as a file that does not read does.
    pub fn nothing_to_read(&self, dir: &Path) -> Option<String> {
        let nothing = self.files.is_empty() && self.not_files.is_empty();
        (nothing && self.broken_links.is_empty())
            .then(|| format!("nothing to read: no feature files under {}", dir.display()))
    }
}

/// The feature files under `dir`. A folder is entered once however many links lead to it: a
/// link back up (`ln -s . again`) made the walk go round until the paths grew too long, and two
/// such links made it take exponentially long. A link to a folder elsewhere is followed, once.
pub fn feature_files(dir: &Path) -> Found {
    let mut entered = HashSet::new();
    let mut out = Found::default();
    walk(dir, &mut entered, &mut out);
    out
}

fn walk(dir: &Path, entered: &mut HashSet<PathBuf>, out: &mut Found) {
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
        let named = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("feature"));
        // Through links, as a file given by name is read.
        let Ok(metadata) = path.metadata() else {
            if named {
                out.broken_links.push(path);
            }
            continue;
        };
        if metadata.is_dir() {
            walk(&path, entered, out);
        } else if named {
            match metadata.is_file() {
                true => out.files.push(path),
                false => out.not_files.push(path),
            }
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
            .files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        found.sort();
        assert_eq!(found, ["a.feature", "b.feature", "c.feature"]);
    }

    /// A feature file whose name is written in capitals is read; a named pipe named as one is
    /// told apart rather than opened (the run waited for a writer forever, without a word).
    #[test]
    fn any_case_of_the_extension_is_read_and_a_pipe_is_told_apart() {
        let root = tempfile::Builder::new()
            .prefix("gwt-folders-")
            .tempdir()
            .expect("a temporary folder");
        std::fs::write(root.path().join("a.FEATURE"), "").unwrap();
        std::fs::write(root.path().join("b.Feature"), "").unwrap();
        std::fs::write(root.path().join("c.features"), "").unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(root.path().join("pipe.feature"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let found = feature_files(root.path());
        let mut names: Vec<String> = found
            .files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.FEATURE", "b.Feature"]);
        assert_eq!(found.not_files, [root.path().join("pipe.feature")]);
        // A link that leads nowhere is told apart too, not skipped.
        symlink(
            root.path().join("gone.feature"),
            root.path().join("link.feature"),
        )
        .unwrap();
        let found = feature_files(root.path());
        assert_eq!(found.broken_links, [root.path().join("link.feature")]);
    }
}
