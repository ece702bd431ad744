//! Recognising table titles.
