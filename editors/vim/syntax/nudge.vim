" Vim syntax file for nudge follow-up journals (no LSP needed).
" Install: copy syntax/ and ftdetect/ into ~/.vim/ (or ~/.config/nvim/).
if exists("b:current_syntax")
  finish
endif

syn iskeyword @,48-57,_,-

syn match nudgeComment "^\s*[;#].*$"
syn match nudgeInlineComment "\s\zs[;#].*$" contained

" Entry header: DATE [TIME] [!] KIND SLUG [TEXT]
syn match nudgeHeader "^\d\{4}-\d\{2}-\d\{2}\>.*$" contains=nudgeDate,nudgeTime,nudgePlanned,nudgeKind,nudgeTitle,nudgeInlineComment
syn match nudgeDate "^\d\{4}-\d\{2}-\d\{2}" contained
syn match nudgeTime "\s\zs\d\{1,2}:\d\{2}\>" contained
syn match nudgePlanned "\s\zs!\ze\s" contained
syn keyword nudgeKind apply interview thank-you check-in reply withdraw outcome note contained nextgroup=nudgeSlug skipwhite
syn match nudgeSlug "[a-z0-9][a-z0-9._-]*" contained
syn match nudgeTitle "\"\%([^\"\\]\|\\.\)*\"" contained

" Directives
syn match nudgeDirective "^\%(workweek\|holiday\|policy\|rule\|include\)\>" nextgroup=nudgeDirectiveArgs skipwhite
syn match nudgeDirectiveArgs ".*$" contained contains=nudgeInlineComment

" Attributes and bodies
syn match nudgeAttribute "^\s\+[A-Za-z][A-Za-z0-9_-]*:" contains=nudgeKey nextgroup=nudgeValue skipwhite
syn match nudgeKey "[A-Za-z][A-Za-z0-9_-]*" contained
syn match nudgeValue ".*$" contained
syn match nudgeBody "^\s\+|.*$" contains=nudgeBodyBar
syn match nudgeBodyBar "|" contained

hi def link nudgeComment Comment
hi def link nudgeInlineComment Comment
hi def link nudgeDate Number
hi def link nudgeTime Number
hi def link nudgePlanned WarningMsg
hi def link nudgeKind Keyword
hi def link nudgeSlug Identifier
hi def link nudgeTitle String
hi def link nudgeDirective PreProc
hi def link nudgeDirectiveArgs Constant
hi def link nudgeKey Type
hi def link nudgeValue String
hi def link nudgeBody String
hi def link nudgeBodyBar Delimiter

let b:current_syntax = "nudge"
