;;; nudge.el --- nudge journals in Emacs: a small major mode and eglot  -*- lexical-binding: t; -*-

;; Load with (load "/path/to/editors/emacs/nudge.el").  eglot is built into Emacs 29; on
;; Emacs 28 install it from GNU ELPA first (M-x package-install RET eglot).

(defvar nudge-font-lock-keywords
  '(("^[ \t]*[;#].*$" . font-lock-comment-face)
    ("^\\([0-9]\\{4\\}-[0-9]\\{2\\}-[0-9]\\{2\\}\\)\\(?:[ \t]+\\([0-9]\\{1,2\\}:[0-9]\\{2\\}\\)\\)?\\(?:[ \t]+\\(!\\)\\)?[ \t]+\\([a-z-]+\\)[ \t]+\\([a-z0-9][a-z0-9._-]*\\)"
     (1 font-lock-constant-face) (2 font-lock-constant-face nil t)
     (3 font-lock-warning-face nil t) (4 font-lock-keyword-face) (5 font-lock-function-name-face))
    ("^\\(workweek\\|holiday\\|policy\\|rule\\|include\\)\\b" . font-lock-preprocessor-face)
    ("^[ \t]+\\([A-Za-z][A-Za-z0-9_-]*\\):" 1 font-lock-variable-name-face)
    ("^[ \t]+\\(|\\)\\(.*\\)$" (1 font-lock-builtin-face) (2 font-lock-string-face)))
  "Highlighting for nudge journals.")

;;;###autoload
(define-derived-mode nudge-mode prog-mode "nudge"
  "Major mode for nudge follow-up journals."
  (setq-local comment-start "; ")
  (setq-local comment-start-skip ";+[ \t]*")
  (setq-local indent-tabs-mode nil)
  (setq-local font-lock-defaults '(nudge-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.nudge\\'" . nudge-mode))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(nudge-mode . ("nudge" "lsp"))))

;; Start the server in every nudge buffer:
(add-hook 'nudge-mode-hook #'eglot-ensure)

(provide 'nudge)
;;; nudge.el ends here
