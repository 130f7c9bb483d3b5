//! The shared example of the feature language (`../shared/examples/tour.feature`, beside the
//! workspace) runs whole against the conference domain, its snapshot reviewed inside the project
//! (`features/shared-tour-snapshots/`), and the run writes nothing into the shared folder, which is
//! not ours.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the simulator crate sits in the workspace")
        .to_path_buf()
}

/// Every file and folder under `dir` with its modification time, to see that nothing changed.
fn listing(dir: &Path) -> Vec<(PathBuf, Option<SystemTime>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            if path.is_dir() {
                stack.push(path.clone());
            }
            out.push((path, modified));
        }
    }
    out.sort();
    out
}

#[test]
fn the_shared_tour_passes_with_its_snapshot_kept_in_the_project() {
    let root = workspace();
    let shared = root.join("../shared");
    let tour = shared.join("examples/tour.feature");
    assert!(
        tour.exists(),
        "{} is missing: the project is checked out with ../shared beside it",
        tour.display()
    );
    let snapshots = root.join("features/shared-tour-snapshots");
    let before = listing(&shared);
    let ours_before = listing(&snapshots);
    // A snapshot that is not found fails (outside CI it is also written for review): both runs
    // must find the reviewed one in the project and write nowhere.
    for ci in [None, Some("true")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gwt"));
        command
            .current_dir(&root)
            .args(["test", "--domain", "conference", "--snapshots"])
            .arg(&snapshots)
            .arg(&tour)
            .env_remove("INSTA_UPDATE");
        match ci {
            Some(v) => command.env("CI", v),
            None => command.env_remove("CI"),
        };
        let out = command.output().expect("gwt runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.lines().any(|l| l == "6 passed, 0 failed"),
            "CI={ci:?}:\n{text}"
        );
        assert!(!text.contains("no reviewed snapshot"), "{text}");
        assert!(out.status.success(), "{text}");
        assert_eq!(
            listing(&shared),
            before,
            "the run wrote into {}",
            shared.display()
        );
        assert_eq!(
            listing(&snapshots),
            ours_before,
            "the reviewed snapshot changed"
        );
    }
}
