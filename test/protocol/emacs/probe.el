;;; probe.el --- drive the wxperm language server from real Emacs + eglot -*- lexical-binding: t -*-
;;
;; Run by test/protocol/emacs.test.ts (Emacs 28 + Debian's elpa-eglot 1.9):
;;   WXPERM_PROBE=config.json emacs --batch -q -l probe.el
;; `-q', not `-Q': -Q also skips site-start, and that is what puts Debian's elpa-eglot on the load path.
;; config.json: { node, server, file, language_id, expect_code, hover: {line, character},
;;                edit: {line, from, to}, expect_gone: {line, code}, out, timeout_ms }
;; Writes what Emacs itself ended up with (flymake's diagnostics, a hover, flymake's diagnostics
;; after an edit made in the buffer) to OUT as JSON.  Exits 0 when every step worked, 1 otherwise
;; (the reason is in OUT's "errors" and on stderr), 2 when the whole probe ran out of time.

(require 'json)
(require 'subr-x)
(require 'eglot)
(require 'flymake)

(defvar wxperm-probe-config
  (let ((file (getenv "WXPERM_PROBE")))
    (unless (and file (file-readable-p file))
      (message "wxperm-probe: WXPERM_PROBE must name a readable JSON config (got %S)" file)
      (kill-emacs 1))
    (let ((json-object-type 'alist) (json-array-type 'list) (json-key-type 'symbol))
      (json-read-file file))))

(defun wxperm-probe--cfg (&rest keys)
  (let ((v wxperm-probe-config))
    (dolist (k keys v) (setq v (alist-get k v)))))

(defvar wxperm-probe--t0 (float-time))
(defvar wxperm-probe--result nil "Alist of what the probe saw, newest first.")
(defvar wxperm-probe--steps nil)
(defvar wxperm-probe--errors nil)
(defvar wxperm-probe--finished nil)
;; Every publishDiagnostics eglot receives, with the document version it is for: flymake's overlays
;; evaporate when their text is replaced, so "no diagnostic on the line" alone proves nothing until
;; the server has answered the edit.
(defvar wxperm-probe--publishes nil "Newest first: ((version . V) (count . N) (ms . T)).")
(defvar wxperm-probe--server nil "The eglot server, once connected: its events log explains failures.")

(defun wxperm-probe--ms () (round (* 1000 (- (float-time) wxperm-probe--t0))))
(defun wxperm-probe--put (key value) (push (cons key value) wxperm-probe--result))
(defun wxperm-probe--step (name)
  (push `((name . ,name) (ms . ,(wxperm-probe--ms))) wxperm-probe--steps))

(defun wxperm-probe--finish (code)
  ;; The watchdog timer can fire while a normal finish is already writing.
  (unless wxperm-probe--finished
    (setq wxperm-probe--finished t)
    (when (and (/= code 0) wxperm-probe--server)
      (ignore-errors
        (with-current-buffer (jsonrpc-events-buffer wxperm-probe--server)
          (wxperm-probe--put 'events_tail
                             (buffer-substring-no-properties (max (point-min) (- (point-max) 6000)) (point-max))))))
    (let ((json-encoding-pretty-print nil)
          (out (append (reverse wxperm-probe--result)
                       `((publishes . ,(vconcat (reverse wxperm-probe--publishes)))
                         (steps . ,(vconcat (reverse wxperm-probe--steps)))
                         (errors . ,(vconcat (reverse wxperm-probe--errors)))
                         (total_ms . ,(wxperm-probe--ms))))))
      (with-temp-file (wxperm-probe--cfg 'out)
        (insert (json-encode out))))
    (dolist (e (reverse wxperm-probe--errors)) (message "wxperm-probe: error: %s" e))
    (message "wxperm-probe: done in %d ms, exit %d" (wxperm-probe--ms) code)
    (kill-emacs code)))

(defun wxperm-probe--wait (what pred seconds)
  "Let Emacs read server output and run timers until PRED holds; error after SECONDS."
  (let ((deadline (+ (float-time) seconds)))
    (while (not (funcall pred))
      (when (> (float-time) deadline)
        (error "Timed out after %s s waiting for %s" seconds what))
      (accept-process-output nil 0.05))))

;; The Node side kills Emacs too, but only this way do we still get a partial result file.
(run-at-time (/ (or (wxperm-probe--cfg 'timeout_ms) 60000) 1000.0) nil
             (lambda ()
               (push "probe timed out" wxperm-probe--errors)
               (wxperm-probe--finish 2)))

;; Emacs 28 has no TypeScript mode and eglot only manages buffers whose major mode it has a server
;; for.  The server entry says which languageId to send; eglot would otherwise derive it from the
;; mode's name ("wxperm-ts").
(define-derived-mode wxperm-ts-mode prog-mode "wxperm-ts"
  "Stand-in major mode for TypeScript files in the wxperm probe.")
(add-to-list 'auto-mode-alist '("\\.tsx?\\'" . wxperm-ts-mode))
;; The list-of-specs form on purpose: eglot 1.9 turns a lone (MODE :language-id ID) key into the
;; managed-mode list (MODE :language-id ID), keywords and all.
(add-to-list 'eglot-server-programs
             `(((wxperm-ts-mode :language-id ,(or (wxperm-probe--cfg 'language_id) "typescript")))
               . (,(wxperm-probe--cfg 'node) ,(wxperm-probe--cfg 'server) "--stdio")))

(setq eglot-sync-connect t            ; eglot returns once initialize is answered
      eglot-connect-timeout 30
      eglot-autoshutdown nil          ; we shut down explicitly and want to see it succeed
      eglot-send-changes-idle-time 0.1 ; the pause before we play "idle" (see below) stays short
      flymake-no-changes-timeout 0.1  ; non-nil also makes eglot hand diagnostics straight to flymake
      ;; project.el finds eglot's project root through VC; the workspace is a git repository.
      vc-handled-backends '(Git)
      make-backup-files nil
      create-lockfiles nil)

;; On the generic function, so it sees what eglot dispatches, before eglot handles it.
(defun wxperm-probe--note-publish (_server method &rest params)
  (when (eq method 'textDocument/publishDiagnostics)
    (push `((version . ,(plist-get params :version))
            (count . ,(length (plist-get params :diagnostics)))
            (ms . ,(wxperm-probe--ms)))
          wxperm-probe--publishes)))
(advice-add 'eglot-handle-notification :before #'wxperm-probe--note-publish)

(defun wxperm-probe--published-since (version)
  (seq-find (lambda (p) (let ((v (alist-get 'version p))) (and v (>= v version)))) wxperm-probe--publishes))

(defun wxperm-probe--go-idle ()
  "Run the pending idle timers, as an interactive Emacs does when the user stops typing.
Batch Emacs never waits for keyboard input, so it never becomes idle and its idle timers never fire;
eglot sends didChange from one (after `eglot-send-changes-idle-time'), flymake re-checks from another."
  (let ((n 0))
    (dolist (timer (copy-sequence timer-idle-list) n)
      (when (memq timer timer-idle-list)
        (setq n (1+ n))
        (timer-event-handler timer)))))

(defun wxperm-probe--lsp (diag)
  "The LSP Diagnostic (a plist) eglot attached to the flymake DIAG."
  (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diag)))

(defun wxperm-probe--plain (diag)
  (let* ((beg (flymake-diagnostic-beg diag))
         (end (flymake-diagnostic-end diag))
         (lsp (wxperm-probe--lsp diag)))
    (save-excursion
      ;; 0-based lines and columns, as LSP counts them (the fixture is ASCII, so characters match).
      `((line . ,(1- (line-number-at-pos beg t)))
        (column . ,(progn (goto-char beg) (- beg (line-beginning-position))))
        (end_line . ,(1- (line-number-at-pos end t)))
        (end_column . ,(progn (goto-char end) (- end (line-beginning-position))))
        (type . ,(symbol-name (flymake-diagnostic-type diag)))
        (text . ,(flymake-diagnostic-text diag))
        (backend . ,(format "%s" (flymake-diagnostic-backend diag)))
        (severity . ,(plist-get lsp :severity))
        (source . ,(plist-get lsp :source))
        (code . ,(let ((c (plist-get lsp :code))) (if (numberp c) (number-to-string c) c)))
        (message . ,(plist-get lsp :message))))))

(defun wxperm-probe--diagnostics ()
  (mapcar #'wxperm-probe--plain (flymake-diagnostics)))

(defun wxperm-probe--wxperm-diags ()
  "Flymake's wxperm diagnostics; none until one has EXPECT_CODE (when given), so that a first,
partial publish is not mistaken for the answer."
  (let ((ours (seq-filter (lambda (d) (equal (alist-get 'source d) "wxperm")) (wxperm-probe--diagnostics)))
        (code (wxperm-probe--cfg 'expect_code)))
    (and (or (null code) (seq-find (lambda (d) (equal (alist-get 'code d) code)) ours))
         ours)))

(defun wxperm-probe--goto-lsp (line character)
  (goto-char (eglot--lsp-position-to-point (list :line line :character character))))

(defun wxperm-probe--run ()
  (let* ((file (wxperm-probe--cfg 'file))
         (buf (find-file-noselect file)))
    ;; Shown in the (batch) frame's window, as C-x C-f would: flymake-mode defers its first check
    ;; until the buffer is on display, and without that check eglot keeps diagnostics to itself.
    (switch-to-buffer buf)
    (wxperm-probe--put 'major_mode (symbol-name major-mode))
    (unless (eq major-mode 'wxperm-ts-mode) (error "%s opened in %s, not wxperm-ts-mode" file major-mode))
    (wxperm-probe--put 'project_root (let ((p (project-current))) (and p (expand-file-name (project-root p)))))

    ;; What M-x eglot does, minus the prompts: guess from eglot-server-programs, then connect.
    (let ((contact (eglot--guess-contact)))
      (wxperm-probe--put 'language_id (nth 4 contact))
      (wxperm-probe--put 'contact (vconcat (nth 3 contact)))
      (apply #'eglot contact))
    (wxperm-probe--wait "eglot to manage the buffer" #'eglot-managed-p 30)
    (wxperm-probe--step "initialized")
    (let ((server (eglot--current-server-or-lose)))
      (setq wxperm-probe--server server)
      (wxperm-probe--put 'server_name (jsonrpc-name server))
      (wxperm-probe--put 'capabilities
                         `((hover . ,(if (eglot--server-capable :hoverProvider) t :json-false))
                           (text_document_sync . ,(eglot--server-capable :textDocumentSync))))
      (wxperm-probe--put 'flymake_backends (vconcat (mapcar (lambda (b) (format "%s" b)) flymake-diagnostic-functions)))

      (wxperm-probe--wait "flymake to show wxperm diagnostics" #'wxperm-probe--wxperm-diags 30)
      (wxperm-probe--step "diagnostics")
      (wxperm-probe--put 'diagnostics (vconcat (wxperm-probe--diagnostics)))

      ;; The request eglot's own hover (eldoc) makes, at point, answered synchronously.
      (let ((pos (wxperm-probe--cfg 'hover)))
        (wxperm-probe--goto-lsp (alist-get 'line pos) (alist-get 'character pos))
        (let* ((res (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)
                                     :timeout 10))
               (contents (plist-get res :contents)))
          (wxperm-probe--step "hover")
          (wxperm-probe--put 'hover_kind (and (listp contents) (plist-get contents :kind)))
          (wxperm-probe--put 'hover_range_text
                             (let ((range (plist-get res :range)))
                               (and range (let ((r (eglot--range-region range)))
                                            (buffer-substring-no-properties (car r) (cdr r))))))
          (wxperm-probe--put 'hover (cond ((stringp contents) contents)
                                          ((listp contents) (plist-get contents :value))
                                          (t (format "%S" contents))))
          ;; As eglot would show it in the echo area / eldoc buffer.
          (wxperm-probe--put 'hover_rendered
                             (and contents (condition-case e (substring-no-properties (eglot--hover-info contents))
                                             (error (format "render failed: %S" e)))))))

      ;; An edit made in the buffer: eglot sends it as an incremental didChange.
      (let* ((edit (wxperm-probe--cfg 'edit))
             (gone (wxperm-probe--cfg 'expect_gone))
             (line (alist-get 'line edit)))
        (when edit
          (goto-char (point-min))
          (forward-line line)
          (unless (search-forward (alist-get 'from edit) (line-end-position) t)
            (error "Edit text %S not found on line %d" (alist-get 'from edit) line))
          (replace-match (alist-get 'to edit) t t)
          (wxperm-probe--put 'change_pending (and eglot--recent-changes t))
          (wxperm-probe--put 'before_server (vconcat (wxperm-probe--diagnostics)))
          ;; A short pause, then the idle moment in which eglot flushes the change.
          (accept-process-output nil (+ eglot-send-changes-idle-time 0.05))
          (wxperm-probe--put 'idle_timers_run (wxperm-probe--go-idle))
          (wxperm-probe--put 'change_sent (null eglot--recent-changes))
          (wxperm-probe--put 'edited_line
                             (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
          (let ((version eglot--versioned-identifier)
                (still (lambda ()
                         (seq-filter (lambda (d) (and (eql (alist-get 'line d) (alist-get 'line gone))
                                                      (equal (alist-get 'code d) (alist-get 'code gone))))
                                     (wxperm-probe--diagnostics)))))
            (wxperm-probe--put 'edit_version version)
            (wxperm-probe--wait (format "diagnostics for version %d without %s on line %s"
                                        version (alist-get 'code gone) (alist-get 'line gone))
                                (lambda () (and (wxperm-probe--published-since version) (null (funcall still))))
                                30))
          (wxperm-probe--step "after-edit")
          (wxperm-probe--put 'edit_applied t)
          (wxperm-probe--put 'after_edit (vconcat (wxperm-probe--diagnostics)))))

      ;; eglot-shutdown errors when the server does not answer `shutdown' within its timeout.
      ;; eglot 1.9 deletes the process right after sending `exit', so whether the server would have
      ;; exited by itself is not observable here; that it answered `shutdown' is.
      (let ((proc (jsonrpc--process server)))
        (eglot-shutdown server nil 5)
        (wxperm-probe--step "stopped")
        (wxperm-probe--put 'shutdown_answered t)
        (wxperm-probe--put 'stopped (if (process-live-p proc) :json-false t))))))

(condition-case err
    (progn
      (wxperm-probe--put 'emacs_version emacs-version)
      (wxperm-probe--put 'eglot_library (locate-library "eglot"))
      (wxperm-probe--step "started")
      (wxperm-probe--run)
      (wxperm-probe--finish 0))
  (error
   (push (error-message-string err) wxperm-probe--errors)
   (wxperm-probe--finish 1)))

;;; probe.el ends here
