//! The `dossier` command line: parses arguments, runs one command, maps errors to exit codes.
//!
//! Exit codes: 0 success, 1 the site has errors (content, config, templates), 2 usage errors
//! (from clap). Errors print their whole cause chain; warnings go to stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use dossier::cmd;
use dossier::cmd::progress::Spinner;
use dossier::error::Error;
use dossier::warnings::{self, Verbosity};

/// Writes to stdout, ignoring a closed pipe (`dossier topics | head` must not panic).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Build briefing sites: source documents in, a static site to browse by topic out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print every warning on its own line (by default identical warnings are grouped).
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// Print only errors: no warnings, no summary line, no progress.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// The site folder (holding site-config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The content folder (default: content/ under the root).
        #[arg(long)]
        content: Option<PathBuf>,
        /// The output folder (default: output_dir from the config, public/).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url, e.g. https://org.github.io/briefs/.
        #[arg(long)]
        base_url: Option<String>,
        /// Include documents marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each phase took (load, parse, topics, related, links, render+write).
        #[arg(long)]
        timings: bool,
    },
    /// Build the site into memory and serve it with live reload, rebuilding on every change.
    Serve {
        /// The site folder (holding site-config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The content folder (default: content/ under the root).
        #[arg(long)]
        content: Option<PathBuf>,
        /// Override base_url (the site is served under its path, e.g. /briefs/).
        #[arg(long)]
        base_url: Option<String>,
        /// The port (default: 1111, or the next free one; 0 for any free port).
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on; the default answers only this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include documents marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print how long each step of every rebuild took (read, analyze and its phases,
        /// affected pages, render).
        #[arg(long)]
        timings: bool,
        /// After every rebuild, render every page from scratch and warn about each one served
        /// differently (for a page you suspect is stale; slower rebuilds).
        #[arg(long)]
        verify: bool,
    },
    /// Create content/<slug>.md with a front-matter skeleton (a draft until you publish it).
    New {
        /// The document's title.
        title: String,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// List topics discovered in the content, or curate one with --add.
    Topics {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The content folder (default: content/ under the root).
        #[arg(long)]
        content: Option<PathBuf>,
        /// How many suggestions to list.
        #[arg(long, default_value_t = 25)]
        limit: usize,
        /// Write the suggested topic with this slug into site-config.toml.
        #[arg(long, value_name = "SLUG")]
        add: Option<String>,
    },
    /// Build the site in memory and report broken links, bad anchors and other mistakes.
    Check {
        /// The site folder (holding site-config.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The content folder (default: content/ under the root).
        #[arg(long)]
        content: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Fetch external links (needs a network; 10 s timeout, 8 at a time).
        #[arg(long)]
        external: bool,
    },
    /// Create a new site in DIR that builds at once, or start one here with --here.
    Init {
        /// The folder to create.
        #[arg(required_unless_present = "here", conflicts_with = "here")]
        dir: Option<PathBuf>,
        /// Start a site in the current folder, around the markdown already in it (nothing is
        /// moved or overwritten).
        #[arg(long)]
        here: bool,
    },
}

/// How `dossier check` prints its report.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            // The innermost cause is the actionable one (file:line:col, hint); outer layers
            // say what was being done.
            let mut chain: Vec<String> = error.chain().map(|e| e.to_string()).collect();
            let cause = chain.pop().unwrap_or_default();
            eprintln!("error: {cause}");
            for context in chain.iter().rev() {
                eprintln!("note: {context}");
            }
            if let Some(path) = relative_path_of(&error) {
                let resolved = cmd::build::absolute(&path);
                eprintln!("note: {} is {}", path.display(), resolved.display());
            }
            ExitCode::FAILURE
        }
    }
}

/// The relative path an error is about when it could not be read (missing, unreadable): the
/// note after the error says where that is. Not for mistakes inside a file that was read.
fn relative_path_of(error: &anyhow::Error) -> Option<PathBuf> {
    let path = match error.downcast_ref::<Error>()? {
        Error::Io { path, .. } => path,
        Error::Diagnostic(d) if !d.path.exists() => &d.path,
        Error::Diagnostic(_) | Error::Many(_) => return None,
    };
    let text = path.to_string_lossy();
    let looks_like_a_path = !text.is_empty() && !text.starts_with('-') && !text.contains(' ');
    (looks_like_a_path && path.is_relative()).then(|| path.clone())
}

fn verbosity(cli: &Cli) -> Verbosity {
    match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    }
}

/// A folder without `site-config.toml` but with markdown builds with the defaults, with a note.
fn implicit_site(options: &mut cmd::build::BuildOptions, verbosity: Verbosity) {
    if let Some(note) = cmd::build::implicit_site(options) {
        if verbosity != Verbosity::Quiet {
            eprintln!("note: {note}");
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let verbosity = verbosity(&cli);
    match cli.command {
        Command::Build {
            root,
            content,
            output,
            base_url,
            drafts,
            timings,
        } => {
            let mut options = cmd::build::BuildOptions {
                root,
                content,
                output,
                base_url,
                drafts,
                ..Default::default()
            };
            implicit_site(&mut options, verbosity);
            let (progress, spinner) = Spinner::start(verbosity);
            options.progress = progress;
            let built = cmd::build::build(&options);
            drop(spinner);
            let report = built.context("build failed; the previous output is untouched")?;
            warnings::print(&report.warnings, verbosity);
            if verbosity != Verbosity::Quiet {
                outln!("{}", report.summary_line());
                report.skipped_line().inspect(|line| outln!("{line}"));
            }
            if timings {
                outln!("timings: {}", report.timings.summary());
            }
        }
        Command::Serve {
            root,
            content,
            base_url,
            port,
            bind,
            open,
            drafts,
            timings,
            verify,
        } => {
            let mut build = cmd::build::BuildOptions {
                root,
                content,
                ..Default::default()
            };
            implicit_site(&mut build, verbosity);
            let options = cmd::serve::ServeOptions {
                root: build.root,
                content: build.content,
                base_url,
                default_config: build.default_config,
                verbosity,
                port,
                bind,
                open,
                drafts,
                timings,
                verify,
            };
            cmd::serve::run(&options)?;
        }
        Command::New { title, root } => {
            let config = dossier::load::load_config(&root.join("site-config.toml"))?;
            let path = cmd::new::run(&root, &config.content_dir, &title, today)?;
            let path = path.strip_prefix(".").unwrap_or(&path).to_path_buf();
            outln!(
                "Created {} (a draft: `dossier serve --drafts` shows it; delete its `draft: true` line to publish it)",
                path.display()
            );
        }
        Command::Topics {
            root,
            content,
            limit,
            add,
        } => {
            let options = cmd::build::BuildOptions {
                root: root.clone(),
                content,
                ..Default::default()
            };
            let (corpus, found, _) = cmd::topics::suggestions(&options)?;
            match add {
                Some(slug) => outln!(
                    "{}",
                    cmd::topics::add(&root.join("site-config.toml"), &found, &slug)?
                ),
                None => out!("{}", cmd::topics::report(&corpus, &found, limit)),
            }
        }
        Command::Check {
            root,
            content,
            format,
            external,
        } => {
            let mut build = cmd::build::BuildOptions {
                root,
                content,
                ..Default::default()
            };
            implicit_site(&mut build, verbosity);
            let (progress, spinner) = Spinner::start(verbosity);
            build.progress = progress;
            let options = cmd::check::CheckOptions { build, external };
            let checked = cmd::check::run(&options);
            drop(spinner);
            let report = checked.context("check could not load the site")?;
            match format {
                Format::Text => out!("{}", report.to_text_at(verbosity)),
                Format::Json => outln!("{}", serde_json::to_string_pretty(&report)?),
            }
            if report.errors > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Init { dir, here } => {
            let created = match dir {
                Some(dir) if !here => cmd::init::run(&dir, today)?,
                _ => cmd::init::here(Path::new("."), today)?,
            };
            out!("{}", init_message(&created));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `dossier init` tells the user: where the site is and what to run next.
fn init_message(created: &cmd::init::Created) -> String {
    use cmd::init::Content;
    let mut text = String::new();
    let here = created.dir == Path::new(".");
    let location = if here {
        format!(
            "in this folder ({})",
            cmd::build::absolute(&created.dir).display()
        )
    } else {
        format!("in {}", created.dir.display())
    };
    text.push_str(&format!("Created a dossier site {location}.\n"));
    match created.content {
        Content::InPlace => text.push_str(
            "Your markdown stays where it is: site-config.toml says content_dir = \".\".\n",
        ),
        Content::Existing => text.push_str("Your documents in content/ are the site's content.\n"),
        Content::Samples => {}
    }
    if !created.kept.is_empty() {
        text.push_str(&format!(
            "Left as they were (they exist already): {}\n",
            created.kept.join(", ")
        ));
    }
    text.push_str("Next:\n");
    if !here {
        text.push_str(&format!("  cd {}\n", created.dir.display()));
    }
    text.push_str("  dossier serve          # preview it; the page reloads on every save\n");
    text.push_str(
        "  dossier new \"Title\"    # a new document (a draft: serve --drafts shows it)\n",
    );
    text.push_str("  dossier build          # the site, into public/\n");
    text
}

/// See Cargo.toml: a faster allocator for large builds.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
