-- A second real LSP client: headless Neovim's built-in client, configured by the README's Neovim snippet (in the
-- file SHIPSHAPE_INIT), with shipshape-language-server from the npm tarball on PATH. It opens one daemon.json
-- (SHIPSHAPE_FILE) of the examples/ workspace, prints the diagnostics it receives, applies the server's quick fix for
-- the comment and waits for that diagnostic to clear.
-- Run by test/e2e/neovim.test.mjs: nvim --headless -u NONE -i NONE -n -c 'luafile test/neovim/lsp.lua'
local function out(...) io.stdout:write(table.concat({ ... }, ' ') .. '\n') end
local function fail(msg) out('FAIL: ' .. msg); vim.cmd('cquit 1') end

-- What a user's init.lua gets by default; -u NONE leaves filetype detection off.
vim.cmd('filetype on')
dofile(os.getenv('SHIPSHAPE_INIT'))

local file = os.getenv('SHIPSHAPE_FILE')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local function clients()
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = bufnr }) end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end
if not vim.wait(10000, function() return #clients() > 0 end, 20) then return fail('no client attached to the ' .. vim.bo.filetype .. ' buffer') end
local client = clients()[1]
out('CLIENT ' .. client.name .. ' ' .. table.concat(client.config.cmd, ' '))

local function code(d) return d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code end
local function count(c) return #vim.tbl_filter(function(d) return code(d) == c end, vim.diagnostic.get(bufnr)) end
-- The folder is the whole examples/ workspace: cross-file findings on this file arrive too. Wait for the one to fix.
if not vim.wait(10000, function() return count('daemon-json-invalid') > 0 end, 20) then return fail('no daemon-json-invalid diagnostic') end
-- The workspace lint that brings the cross-file ones can come later than the file's own: wait until a second passes
-- with no change (at most 10).
local function settle()
  local n, since = -1, vim.loop.now()
  vim.wait(10000, function()
    local m = #vim.diagnostic.get(bufnr)
    if m ~= n then n, since = m, vim.loop.now() end
    return vim.loop.now() - since >= 1000
  end, 50)
end
settle()
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  out(string.format('DIAG %d:%d-%d:%d [%s/%s] severity=%d %s', d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1, d.source, tostring(code(d)), d.severity, d.message))
end

local d = vim.tbl_filter(function(x) return code(x) == 'daemon-json-invalid' end, vim.diagnostic.get(bufnr))[1]
local params = vim.lsp.util.make_range_params()
params.range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } }
local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics and vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum)
  or vim.tbl_map(function(x) return x.user_data.lsp end, vim.diagnostic.get(bufnr, { lnum = d.lnum }))
params.context = { diagnostics = line_diagnostics }
local fix
for _, resp in pairs(vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 5000) or {}) do
  for _, a in ipairs(resp.result or {}) do
    out('ACTION', a.title, a.kind, tostring(a.isPreferred or false))
    if a.isPreferred and not fix then fix = a end
  end
end
if not fix then return fail('no preferred quick fix') end
vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
if not vim.wait(10000, function() return count('daemon-json-invalid') == 0 end, 20) then return fail('the diagnostic did not clear after the fix') end
-- Valid JSON now: the rules that need a parsed file report what they find in it.
settle()
for _, x in ipairs(vim.diagnostic.get(bufnr)) do out(string.format('AFTER %d:%d [%s]', x.lnum + 1, x.col + 1, tostring(code(x)))) end
out('TEXT ' .. table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\\n'))
out('PASS')
vim.lsp.stop_client(client.id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client.id) == nil end, 20)
vim.cmd('qa!')
