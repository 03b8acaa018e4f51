//! The `dossier` command line: parses arguments, runs one command, maps errors to exit codes.
//!
//! Exit codes: 0 success, 1 the site has errors (content, config, templates), 2 usage errors
//! (from clap). Errors print their whole cause chain; warnings go to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use dossier::cmd;

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
    /// Create content/<slug>.md with a front-matter skeleton.
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
    /// Create a new site in DIR that builds at once.
    Init {
        /// The folder to create.
        dir: PathBuf,
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
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    match cli.command {
        Command::Build {
            root,
            content,
            output,
            base_url,
            drafts,
            timings,
        } => {
            let options = cmd::build::BuildOptions {
                root,
                content,
                output,
                base_url,
                drafts,
            };
            let report = cmd::build::build(&options)
                .context("build failed; the previous output is untouched")?;
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            outln!("{}", report.summary_line());
            report.skipped_line().inspect(|line| outln!("{line}"));
            if timings {
                outln!("timings: {}", report.timings.summary());
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            timings,
            verify,
        } => {
            let options = cmd::serve::ServeOptions {
                root,
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
            outln!("Created {}", path.display());
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
            let options = cmd::check::CheckOptions {
                build: cmd::build::BuildOptions {
                    root,
                    content,
                    ..Default::default()
                },
                external,
            };
            let report = cmd::check::run(&options).context("check could not load the site")?;
            match format {
                Format::Text => out!("{}", report.to_text()),
                Format::Json => outln!("{}", serde_json::to_string_pretty(&report)?),
            }
            if report.errors > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Init { dir } => {
            let dir = cmd::init::run(&dir, today)?;
            outln!(
                "Created a new site in {}; build it with: dossier build --root {}",
                dir.display(),
                dir.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// See Cargo.toml: a faster allocator for large builds.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
