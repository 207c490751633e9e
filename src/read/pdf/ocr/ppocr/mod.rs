//! The PP-OCR engine: PaddleOCR's detection, direction-classifier and recognition
//! models (as shipped in ONNX form by the `rapidocr` package) run in process through
//! ONNX Runtime (the `libonnxruntime` of the `onnxruntime` package, loaded at run
//! time). Pre- and post-processing are ours: DB box extraction (`det`), CTC
//! decoding (`rec`), the 0°/180° vote (`cls`).
//!
//! Where the files are: `$JIXIAO_OCR_DIR`, else `$XDG_DATA_HOME/jixiao/ocr`, else
//! `~/.local/share/jixiao/ocr` — a folder laid out as `pip install --target` leaves
//! it (`onnxruntime/capi/libonnxruntime.so.*`, `rapidocr/models/*.onnx`);
//! scripts/setup fills it. Nothing is fetched from anywhere at run time: when the
//! folder, the library or a model is missing, the engine is absent and tesseract
//! reads the pages.
//!
//! Sessions: ONNX Runtime's `run` needs exclusive use of a session, so each model
//! keeps a small pool; a thread takes an idle session or, when none is idle, builds
//! one from the model bytes read once per process. There are never more sessions of
//! a model than threads reading pages at once, each one intra-op thread: the pages
//! themselves are the parallel work.

mod cls;
mod det;
mod rec;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ort::environment::Environment;
use ort::session::Session;

pub use det::TextBox;

/// Why the engine could not be loaded, for the log of a run that falls back.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("no OCR folder (set JIXIAO_OCR_DIR or run scripts/setup)")]
    NoFolder,
    #[error("{0} not found under {1}")]
    Missing(&'static str, PathBuf),
    #[error("ONNX Runtime: {0}")]
    Runtime(String),
    #[error("reading {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("the recognition model has no character list")]
    NoCharacters,
    #[error("unexpected model output: {0}")]
    Output(String),
}

impl From<ort::Error> for EngineError {
    fn from(e: ort::Error) -> Self {
        EngineError::Runtime(e.to_string())
    }
}

/// One model: its bytes, read once, and the idle sessions built from them.
struct Model {
    env: Environment,
    bytes: Vec<u8>,
    idle: Mutex<Vec<Session>>,
}

impl Model {
    fn load(env: &Environment, path: &Path) -> Result<Model, EngineError> {
        let bytes = std::fs::read(path).map_err(|e| EngineError::Io(path.to_path_buf(), e))?;
        let model = Model {
            env: env.clone(),
            bytes,
            idle: Mutex::new(Vec::new()),
        };
        // Build the first session now, so that a model ONNX Runtime cannot load
        // makes the engine absent instead of failing every page.
        let s = model.session()?;
        model.give_back(s);
        Ok(model)
    }

    fn session(&self) -> Result<Session, EngineError> {
        if let Some(s) = self.idle.lock().ok().and_then(|mut v| v.pop()) {
            return Ok(s);
        }
        // No arena and no memory pattern: input sizes change with every page and
        // crop, and an arena keeps the largest of them for good (1.8 GiB peak for a
        // run of scans with it, against a few hundred MiB without).
        let cpu = ort::ep::CPU::default().with_arena_allocator(false).build();
        let mut builder = Session::builder(&self.env)?
            .with_execution_providers([cpu])
            .map_err(ort::Error::from)?
            .with_memory_pattern(false)
            .map_err(ort::Error::from)?
            .with_intra_threads(1)
            .map_err(ort::Error::from)?
            .with_inter_threads(1)
            .map_err(ort::Error::from)?;
        Ok(builder.commit_from_memory(&self.bytes)?)
    }

    fn give_back(&self, s: Session) {
        if let Ok(mut v) = self.idle.lock() {
            v.push(s);
        }
    }

    /// Runs `f` with a session of this model.
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<R, EngineError>,
    ) -> Result<R, EngineError> {
        let mut s = self.session()?;
        let r = f(&mut s);
        self.give_back(s);
        r
    }
}

/// The loaded engine: three models and the recogniser's characters.
pub struct Engine {
    det: Model,
    rec: Model,
    cls: Model,
    /// Index 0 is the CTC blank; the model's list follows, then a space.
    chars: Vec<String>,
    /// The folder the files came from, for the record of a run.
    pub dir: PathBuf,
}

/// The folder holding ONNX Runtime and the models.
pub fn folder() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("JIXIAO_OCR_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("jixiao/ocr"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/jixiao/ocr"))
}

/// The engine, loaded on first use; `None` (and the reason) when it cannot be.
pub fn engine() -> Result<&'static Engine, &'static EngineError> {
    static ENGINE: OnceLock<Result<Engine, EngineError>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            // A broken library may panic inside ONNX Runtime's loader; that must
            // leave the engine absent, not end the batch.
            std::panic::catch_unwind(Engine::load).unwrap_or_else(|_| {
                Err(EngineError::Runtime(
                    "ONNX Runtime panicked while loading".into(),
                ))
            })
        })
        .as_ref()
}

/// The newest file in `dir` whose name starts with `prefix` and holds `part`.
fn find(dir: &Path, prefix: &str, part: &str) -> Option<PathBuf> {
    let mut hits: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.contains(part))
        })
        .collect();
    hits.sort();
    hits.pop()
}

impl Engine {
    fn load() -> Result<Engine, EngineError> {
        let dir = folder().ok_or(EngineError::NoFolder)?;
        let capi = dir.join("onnxruntime/capi");
        let lib = find(&capi, "libonnxruntime.so", "")
            .ok_or_else(|| EngineError::Missing("libonnxruntime.so", capi.clone()))?;
        let models = dir.join("rapidocr/models");
        let model = |kind: &'static str| {
            find(&models, "", kind)
                .filter(|p| p.extension().is_some_and(|e| e == "onnx"))
                .ok_or_else(|| EngineError::Missing(kind, models.clone()))
        };
        let (det_path, rec_path, cls_path) = (model("_det")?, model("_rec")?, model("_cls")?);
        let env = ort::init_from(&lib)
            .map_err(|e| EngineError::Runtime(e.to_string()))?
            .with_name("jixiao")
            .build()?;
        let rec = Model::load(&env, &rec_path)?;
        let list = rec.with(|s| {
            Ok(s.metadata()?
                .custom("character")
                .ok_or(EngineError::NoCharacters))
        })??;
        let mut chars = vec![String::new()];
        chars.extend(list.lines().map(str::to_string));
        chars.push(" ".into());
        Ok(Engine {
            det: Model::load(&env, &det_path)?,
            rec,
            cls: Model::load(&env, &cls_path)?,
            chars,
            dir,
        })
    }

    /// Text boxes of a page (upright, deskewed), in pixels.
    pub fn detect(&self, page: &super::raster::Raster) -> Result<Vec<TextBox>, EngineError> {
        self.det.with(|s| det::detect(s, page))
    }

    /// Text and confidence (0..1) of each rectangle of the page.
    pub fn recognise(
        &self,
        page: &super::raster::Raster,
        rects: &[[usize; 4]],
    ) -> Result<Vec<(String, f64)>, EngineError> {
        self.rec
            .with(|s| rec::recognise(s, page, rects, &self.chars))
    }

    /// The share of the given text lines that read upside down (0..1), by the
    /// direction classifier.
    pub fn upside_down(
        &self,
        page: &super::raster::Raster,
        rects: &[[usize; 4]],
    ) -> Result<f64, EngineError> {
        self.cls.with(|s| cls::upside_down(s, page, rects))
    }
}
