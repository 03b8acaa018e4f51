//! `dossier new "Title"`: a new document with a front-matter skeleton, marked `draft: true`
//! (left out of the site until that line is deleted; `dossier serve --drafts` shows it).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Diagnostic, Error, Result};
use crate::parse::slug::slugify;

/// The text of a new document.
pub fn skeleton(title: &str, date: NaiveDate) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\n# Left out of the site until you delete this line (`dossier serve --drafts` shows it).\ndraft: true\nauthor: \"\"\npublisher: \"\"\nsource: \"\"\nsummary: \"\"\ntopics: []\n# events:\n#   - date: {date}\n#     title: \"What happened\"\n---\n\nWrite the briefing here. The first paragraph is the summary unless `summary` is set.\n",
        date = date.format("%Y-%m-%d")
    )
}

/// Creates `content/<slug>.md` under `root`; never overwrites.
pub fn run(root: &Path, content_dir: &str, title: &str, date: NaiveDate) -> Result<PathBuf> {
    if title.trim().is_empty() {
        return Err(Diagnostic::new("dossier new", "the title is empty")
            .hint("dossier new \"Kishida's state visit\"")
            .into());
    }
    let dir = root.join(content_dir);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let path = dir.join(format!("{}.md", slugify(title)));
    if path.exists() {
        return Err(
            Diagnostic::new(&path, "a document with this name exists already")
                .hint("choose another title, or edit the existing file")
                .into(),
        );
    }
    std::fs::write(&path, skeleton(title, date)).map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::front_matter;

    #[test]
    fn skeleton_is_valid_front_matter() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let text = skeleton("A \"quoted\" title", date);
        let split = front_matter::split(&text, Path::new("x.md")).unwrap();
        let (format, raw) = split.front_matter.unwrap();
        let (fm, warnings) = front_matter::parse(format, raw, 2, Path::new("x.md")).unwrap();
        assert_eq!(fm.title.as_deref(), Some("A \"quoted\" title"));
        assert_eq!(fm.date.unwrap().iso(), "2026-11-23");
        assert!(warnings.is_empty());
        assert!(fm.draft);
    }
}
