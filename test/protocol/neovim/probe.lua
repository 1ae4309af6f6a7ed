-- Drives the wxperm language server from real Neovim (0.7+, headless, `-u NONE`) and writes what
-- Neovim's own LSP client saw to a JSON file: diagnostics (vim.diagnostic.get), a hover, and the
-- diagnostics after an edit (incremental didChange from Neovim). Run by test/protocol/neovim.test.ts:
--   WXPERM_PROBE=config.json nvim --headless -u NONE -i NONE -n -c 'luafile probe.lua'
-- config.json: { node, server, root, file, filetype, hover = {line, character},
--                edit = {line, from, to}, expect_gone = {line}, out, timeout_ms }
local cfg = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('WXPERM_PROBE')), '\n'))
local out = { steps = {}, errors = {} }
local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end
local function step(name) table.insert(out.steps, { name = name, ms = ms() }) end

local function finish()
  out.total_ms = ms()
  local f = io.open(cfg.out, 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  io.stdout:write('wxperm-probe: done in ' .. out.total_ms .. ' ms\n')
  vim.cmd('qall!')
end

-- Whatever happens, leave: the Node side also kills us after its own timeout.
vim.defer_fn(function()
  table.insert(out.errors, 'probe timed out')
  finish()
end, cfg.timeout_ms or 60000)

local function plain(d)
  local lsp = d.user_data and d.user_data.lsp or {}
  return {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, source = d.source,
    code = lsp.code or d.code,
  }
end

local ok, err = pcall(function()
  local ready = false
  local client_id = vim.lsp.start_client({
    name = 'wxperm',
    cmd = { cfg.node, cfg.server, '--stdio' },
    root_dir = cfg.root,
    init_options = cfg.init_options,
    settings = cfg.settings,
    on_init = function() ready = true end,
    on_error = function(code, e) table.insert(out.errors, 'rpc error ' .. tostring(code) .. ': ' .. vim.inspect(e)) end,
  })
  if not client_id then error('vim.lsp.start_client failed') end
  step('started')

  vim.cmd('edit ' .. vim.fn.fnameescape(cfg.file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = cfg.filetype
  vim.lsp.buf_attach_client(buf, client_id)

  if not vim.wait(20000, function() return ready end, 20) then error('server did not initialize') end
  step('initialized')
  local client = vim.lsp.get_client_by_id(client_id)
  local caps = client.server_capabilities or client.resolved_capabilities or {}
  out.capabilities = { hover = caps.hoverProvider and true or caps.hover or false }

  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then error('no diagnostics arrived') end
  step('diagnostics')
  out.diagnostics = vim.tbl_map(plain, vim.diagnostic.get(buf))

  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = cfg.hover }
  local res, herr = client.request_sync('textDocument/hover', params, 10000, buf)
  step('hover')
  if res and res.result then
    local c = res.result.contents
    out.hover = type(c) == 'table' and (c.value or vim.inspect(c)) or tostring(c)
  else
    out.hover_error = vim.inspect(herr or (res and res.err))
  end

  -- An edit made by Neovim (incremental sync): replace one path by another on a line.
  if cfg.edit then
    local line = vim.api.nvim_buf_get_lines(buf, cfg.edit.line, cfg.edit.line + 1, false)[1]
    local s, e = string.find(line, cfg.edit.from, 1, true)
    if not s then error('edit text not found on line ' .. cfg.edit.line) end
    vim.api.nvim_buf_set_text(buf, cfg.edit.line, s - 1, cfg.edit.line, e, { cfg.edit.to })
    local gone = function()
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.lnum == cfg.expect_gone.line then return false end
      end
      return true
    end
    out.edit_applied = vim.wait(20000, gone, 20)
    step('after-edit')
    out.after_edit = vim.tbl_map(plain, vim.diagnostic.get(buf))
  end

  vim.lsp.stop_client(client_id)
  out.stopped = vim.wait(10000, function() return client.is_stopped() end, 20)
  step('stopped')
end)
if not ok then table.insert(out.errors, tostring(err)) end
finish()
