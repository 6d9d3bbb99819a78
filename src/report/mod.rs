//! Reports as data first (due actions, weekly status), and the renderers that print them.

pub mod draft;
pub mod due;
pub mod html;
pub mod ics;
pub mod table;
pub mod timeline_svg;
pub mod weekly;
