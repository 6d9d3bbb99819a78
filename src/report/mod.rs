//! Reports as data first (due actions, weekly status), and the renderers that print them.

pub mod draft;
pub mod due;
pub mod ics;
pub mod table;
pub mod weekly;
pub mod html;
pub mod timeline_svg;
