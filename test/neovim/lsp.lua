-- A second real LSP client: headless Neovim's built-in client attaches dist/server.js over stdio to one daemon.json,
-- prints the diagnostics it receives, applies the server's quick fix and waits for the diagnostics to clear.
-- Run by test/e2e/neovim.test.mjs: nvim --headless -u NONE -i NONE -n -c 'luafile test/neovim/lsp.lua'
-- with SHIPSHAPE_SERVER (the server bundle) and SHIPSHAPE_FILE (the daemon.json) in the environment.
local function out(...) io.stdout:write(table.concat({ ... }, ' ') .. '\n') end
local function fail(msg) out('FAIL: ' .. msg); vim.cmd('cquit 1') end

local file = os.getenv('SHIPSHAPE_FILE')
local server = os.getenv('SHIPSHAPE_SERVER')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = 'shipshape',
  root_dir = vim.fn.fnamemodify(file, ':h'),
  cmd = { 'node', server, '--stdio' },
})
if not id then return fail('start_client returned nil') end
vim.lsp.buf_attach_client(bufnr, id)

if not vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then return fail('no diagnostics') end
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code
  out(string.format('DIAG %d:%d-%d:%d [%s/%s] severity=%d %s', d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1, d.source, tostring(code), d.severity, d.message))
end

local d = vim.diagnostic.get(bufnr)[1]
local params = vim.lsp.util.make_range_params()
params.range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum) }
local fix
for _, resp in pairs(vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 5000) or {}) do
  for _, a in ipairs(resp.result or {}) do
    out('ACTION', a.title, a.kind, tostring(a.isPreferred or false))
    if a.isPreferred and not fix then fix = a end
  end
end
if not fix then return fail('no preferred quick fix') end
vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
if not vim.wait(10000, function() return #vim.diagnostic.get(bufnr) == 0 end, 20) then return fail('diagnostics not cleared after the fix') end
out('TEXT ' .. table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\\n'))
out('PASS')
vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 20)
vim.cmd('qa!')
