//! Runtime (being written).
