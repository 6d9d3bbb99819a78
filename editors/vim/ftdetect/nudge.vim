" nudge journals: *.nudge
au BufRead,BufNewFile *.nudge setfiletype nudge
