-- nudge in Neovim: filetype detection for *.nudge and the language server (`nudge lsp`).
-- Put this file in ~/.config/nvim/plugin/nudge.lua (or paste it into init.lua).

vim.filetype.add({ extension = { nudge = "nudge" } })

-- Options shared by both ways of starting the server below.
local nudge = {
  cmd = { "nudge", "lsp" },
  filetypes = { "nudge" },
  root_markers = { "journal.nudge", ".git" },
  -- init_options = { today = "2026-11-28" },  -- judge as of another day
}

if vim.lsp.config then
  -- Neovim 0.11 and later.
  vim.lsp.config("nudge", nudge)
  vim.lsp.enable("nudge")
else
  -- Neovim 0.8 – 0.10: start (or reuse) the server for every nudge buffer.
  -- (Neovim 0.7 has neither vim.lsp.config nor vim.lsp.start: there, call
  --  `local id = vim.lsp.start_client({ name = "nudge", cmd = nudge.cmd })` once and
  --  `vim.lsp.buf_attach_client(0, id)` in the FileType autocmd; tests/nvim.rs does this.)
  vim.api.nvim_create_autocmd("FileType", {
    pattern = "nudge",
    callback = function(args)
      vim.lsp.start({
        name = "nudge",
        cmd = nudge.cmd,
        root_dir = vim.fs.dirname(vim.fs.find(nudge.root_markers, { upward = true, path = vim.api.nvim_buf_get_name(args.buf) })[1]),
      })
    end,
  })
end

-- Inlay hints (the deadline D, check-in numbers, the next action): on by default where
-- Neovim has them (0.10+).
if vim.lsp.inlay_hint then
  vim.api.nvim_create_autocmd("LspAttach", {
    callback = function(args)
      if vim.bo[args.buf].filetype == "nudge" then
        pcall(vim.lsp.inlay_hint.enable, true, { bufnr = args.buf })
      end
    end,
  })
end

-- Comments start with ';'.
vim.api.nvim_create_autocmd("FileType", {
  pattern = "nudge",
  callback = function()
    vim.bo.commentstring = "; %s"
    vim.bo.expandtab = true
    vim.bo.shiftwidth = 4
  end,
})
