//! The search index: an embedded tantivy index (default `./index`) with one document per
//! proceedings entry (and per header, agenda item, material, material section), a morphological
//! field that ranks and a bigram field that guarantees grep-like recall.

pub mod tokenizer;
