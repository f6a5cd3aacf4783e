//! The build script refuses bad message files with a compile error naming the file, line and
//! key: each case builds a copy of this crate (`cargo check`, offline, in a temporary directory
//! with its own target directory) whose `messages/` holds one defect.

use std::path::{Path, PathBuf};
use std::process::Command;

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of the crate with `messages` (file name → text) and a feature per domain in `features`.
fn scratch(root: &Path, messages: &[(&str, &str)], features: &[&str]) -> PathBuf {
    let dir = root.join("crate");
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["build", "src", "messages"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
    }
    for sub in ["build", "src"] {
        for e in std::fs::read_dir(Path::new(CRATE).join(sub)).expect("read the crate") {
            let p = e.expect("an entry").path();
            std::fs::copy(&p, dir.join(sub).join(p.file_name().expect("a name"))).expect("copy");
        }
    }
    let features: String = features.iter().map(|f| format!("{f} = []\n")).collect();
    let manifest = format!(
        "[package]\nname = \"branchlens-i18n\"\nversion = \"0.0.0\"\nedition = \"2021\"\nbuild = \"build/main.rs\"\n\n\
         [features]\n{features}\n[build-dependencies]\ntoml = \"0.8\"\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write Cargo.toml");
    // The workspace's lock file: the same toml release, resolved offline.
    let lock = Path::new(CRATE).join("../../Cargo.lock");
    std::fs::copy(lock, dir.join("Cargo.lock")).expect("copy Cargo.lock");
    std::fs::write(dir.join("messages/common.toml"), "[list_separator]\nen = \", \"\nzh-CN = \"、\"\n").expect("write");
    for (name, text) in messages {
        let p = dir.join("messages").join(name);
        std::fs::create_dir_all(p.parent().expect("a folder")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

/// `cargo check` of the copy: Ok(()) or the compiler's output.
fn check(dir: &Path, target: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--color", "never"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// A defect: what it is, the message files, the domain features, what the errors must say.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [&'a str], &'a [&'a str]);

#[test]
fn bad_message_files_fail_the_build_naming_file_line_and_key() {
    let root = tempfile::tempdir().expect("tempdir");
    let target = root.path().join("target");
    let good = "# a domain\n\n[greeting]\nen = \"Hello {name}\"\nzh-CN = \"你好 {name}\"\n";
    let dir = scratch(root.path(), &[("demo.toml", good)], &["demo"]);
    check(&dir, &target).unwrap_or_else(|e| panic!("a good file builds:\n{e}"));

    let cases: &[Case<'_>] = &[
        (
            "a language missing",
            &[("demo.toml", "[greeting]\nen = \"Hello\"\n")],
            &["demo"],
            &["messages/demo.toml:1: [greeting] has no zh-CN text"],
        ),
        (
            "an empty text",
            &[("demo.toml", "\n[greeting]\nen = \"Hello\"\nzh-CN = \"  \"\n")],
            &["demo"],
            &["messages/demo.toml:2: [greeting] has an empty zh-CN text"],
        ),
        (
            "placeholders that differ",
            &[("demo.toml", "[greeting]\nen = \"Hello {name}\"\nzh-CN = \"你好 {nmae}\"\n")],
            &["demo"],
            &["[greeting] has placeholders {name} in en but {nmae} in zh-CN"],
        ),
        (
            "a placeholder in one language only",
            &[("demo.toml", "[greeting]\nen = \"Hello {name}\"\nzh-CN = \"你好\"\n")],
            &["demo"],
            &["[greeting] has placeholders {name} in en but none in zh-CN"],
        ),
        (
            "a stray brace",
            &[("demo.toml", "[greeting]\nen = \"Hello {name\"\nzh-CN = \"你好 {name}\"\n")],
            &["demo"],
            &["[greeting] en: a `{` without its `}`"],
        ),
        (
            "an untranslated text",
            &[("demo.toml", "[greeting]\nen = \"Hello\"\nzh-CN = \"Hello\"\n")],
            &["demo"],
            &["[greeting] has the same text in en and zh-CN"],
        ),
        (
            "a key in two files",
            &[("demo.toml", good), ("other/more.toml", good)],
            &["demo", "other"],
            &["[greeting] is defined twice (domains demo and other)"],
        ),
        (
            "a domain without its feature",
            &[("demo.toml", good)],
            &[],
            &["the domain `demo` (messages/demo) needs a feature `demo`"],
        ),
        ("not TOML", &[("demo.toml", "[greeting\n")], &["demo"], &["messages/demo.toml: not valid TOML"]),
        (
            "a domain that is not a name",
            &[("my-demo.toml", good)],
            &["my-demo"],
            &["messages/my-demo: a domain is named with lower-case letters only"],
        ),
    ];
    for (what, files, features, needles) in cases {
        let dir = scratch(root.path(), files, features);
        let err = check(&dir, &target).err().unwrap_or_else(|| panic!("{what}: the build succeeded"));
        for n in *needles {
            assert!(err.contains(n), "{what}: no {n:?} in\n{err}");
        }
        assert!(err.contains("error"), "{what}: not an error:\n{err}");
    }
}
