-- nudge in Neovim: filetype detection for *.nudge and the language server (`nudge lsp`).
-- Put this file in ~/.config/nvim/plugin/nudge.lua (or paste it into init.lua).

vim.filetype.add({ extension = { nudge = "nudge" } })
if vim.fn.has("nvim-0.8") == 0 then
  -- Neovim 0.7 reads vim.filetype.add only with `vim.g.do_filetype_lua = 1`.
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, { pattern = "*.nudge", command = "setfiletype nudge" })
end

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
  -- Neovim 0.7 – 0.10: start (or reuse) the server for every nudge buffer. 0.8 – 0.10 have
  -- vim.lsp.start; 0.7 only the older vim.lsp.start_client + vim.lsp.buf_attach_client.
  local client_id
  vim.api.nvim_create_autocmd("FileType", {
    pattern = "nudge",
    callback = function(args)
      local found = vim.fs and vim.fs.find(nudge.root_markers, { upward = true, path = vim.api.nvim_buf_get_name(args.buf) })[1]
      local root = found and vim.fs.dirname(found) or vim.fn.getcwd()
      if vim.lsp.start then
        vim.lsp.start({ name = "nudge", cmd = nudge.cmd, root_dir = root, init_options = nudge.init_options })
      else
        client_id = client_id or vim.lsp.start_client({ name = "nudge", cmd = nudge.cmd, root_dir = root, init_options = nudge.init_options })
        vim.lsp.buf_attach_client(args.buf, client_id)
      end
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
