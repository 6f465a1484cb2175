-- wrk script template of benchmarks/bench_axis.py (`--driver wrk`), which fills in the
-- configuration at "@@CONFIG@@": one full delivery after another on each connection
-- (sendEdoc, getReceivedEdocList, getEdoc, updateStatus), signed like the SDK
-- (reference_axis.client.Signer: frozen timestamp, sticky headers, unpadded hash-file, CRLF
-- after the file, or none of them). One connection per wrk thread, so each thread's Lua state
-- is one virtual user's state machine. HMAC, SHA-256 and base64 through LuaJIT's FFI from the
-- libcrypto wrk is linked with.
local ffi = require("ffi")
local bit = require("bit")
ffi.cdef[[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len,
                    const unsigned char *d, size_t n, unsigned char *md, unsigned int *md_len);
unsigned char *SHA256(const unsigned char *d, size_t n, unsigned char *md);
int EVP_EncodeBlock(unsigned char *t, const unsigned char *f, int n);
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local C = ffi.C

-- @@CONFIG@@

local HEX, UNPADDED = {}, {}
for i = 0, 255 do HEX[i] = string.format("%02x", i); UNPADDED[i] = string.format("%x", i) end
local md, mdlen = ffi.new("unsigned char[32]"), ffi.new("unsigned int[1]")
local ts = ffi.new("bench_timespec")

local function now()
  C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local function hex(buf, table_)
  local t = {}
  for i = 0, 31 do t[i + 1] = table_[buf[i]] end
  return table.concat(t)
end

local function hmac_hex(key, msg)
  C.HMAC(C.EVP_sha256(), key, #key, msg, #msg, md, mdlen)
  return hex(md, HEX)
end

local function hash_file(data)
  C.SHA256(data, #data, md)
  return hex(md, UNPADDED_HASH and UNPADDED or HEX)
end

local function base64(data)
  local out = ffi.new("unsigned char[?]", 4 * math.ceil(#data / 3) + 1)
  local n = C.EVP_EncodeBlock(out, data, #data)
  return ffi.string(out, n)
end

-- java.util.HashMap iteration order of String keys inserted in this order
local function jhash(s)
  local h = 0
  for i = 1, #s do h = bit.tobit(31 * h + s:byte(i)) end
  return bit.bxor(h, bit.rshift(h, 16))
end
local order_cache = {}
local function hashmap_order(keys)
  local id = table.concat(keys, "\0")
  local cached = order_cache[id]
  if cached then return cached end
  local cap = 16
  while #keys > cap * 3 / 4 do cap = cap * 2 end
  local ranked = {}
  for i, k in ipairs(keys) do ranked[i] = {bit.band(jhash(k), cap - 1), i, k} end
  table.sort(ranked, function(a, b) if a[1] ~= b[1] then return a[1] < b[1] end return a[2] < b[2] end)
  local out = {}
  for i, r in ipairs(ranked) do out[i] = r[3] end
  order_cache[id] = out
  return out
end

local function gson(v) return (v:gsub('\\', '\\\\'):gsub('"', '\\"')) end

-- a signer: like reference_axis.client.Signer (frozen timestamp, sticky headers)
local function signer(system_id, secret, stamp)
  return {id = system_id, secret = secret, stamp = stamp, keys = {}, values = {}}
end

local function fresh_stamp()
  local t = os.time()
  C.clock_gettime(0, ts)  -- CLOCK_REALTIME, for the milliseconds
  return os.date("!%d%m%YT%H%M%S", tonumber(ts.tv_sec) + 7 * 3600)
    .. string.format("+%04d", math.floor(tonumber(ts.tv_nsec) / 1e6))
end

local function prepare(s, call, params, body)
  if not FROZEN then s.stamp = fresh_stamp() end
  local ctype = (call == "sendEdoc") and "application/octet-stream" or "application/json"
  local fresh = {{"timestamp", s.stamp}, {"systemid", s.id}, {"Content-Type", ctype}}
  for _, kv in ipairs(params) do fresh[#fresh + 1] = kv end
  local keys, values
  if STICKY then
    keys, values = s.keys, s.values
  else
    keys, values = {}, {}
  end
  for _, kv in ipairs(fresh) do
    if values[kv[1]] == nil then keys[#keys + 1] = kv[1] end
    values[kv[1]] = kv[2]
  end
  local order = hashmap_order(keys)
  local parts, lines = {}, {}
  for i, k in ipairs(order) do
    local v = values[k]
    parts[i] = '"XroadVnpt-' .. k .. '":"' .. gson(v) .. '"'
    if k == "Content-Type" then lines[#lines + 1] = "Content-Type: " .. v end
    lines[#lines + 1] = "XroadVnpt-" .. k .. ": " .. v
  end
  local sign = "{" .. table.concat(parts, ",") .. "}"
  lines[#lines + 1] = "XroadVnpt-sign-header-key: " .. table.concat(order, ";")
  lines[#lines + 1] = "XroadVnpt-sign-header: " .. sign
  lines[#lines + 1] = "XroadVnpt-hash-header: " .. hmac_hex(s.secret, sign)
  lines[#lines + 1] = "User-Agent: " .. USER_AGENT
  lines[#lines + 1] = "XroadVnpt-version: " .. SDK_VERSION
  return "POST " .. BASE .. "/" .. call .. " HTTP/1.1\r\nHost: " .. HOST .. "\r\n"
    .. table.concat(lines, "\r\n") .. "\r\nContent-Length: " .. #body .. "\r\n\r\n" .. body
end

-- the main state: hand each thread its user number; gather the counts at the end
local threads, next_user = {}, 0
function setup(thread)
  next_user = next_user + 1
  thread:set("user", next_user)
  table.insert(threads, thread)
end

-- a thread: one virtual user
local U, sender, recipient, phase, count, package, started, doc_id, budget
-- read by done() through thread:get, which copies flat values only (wrk 4.1 crashes on
-- nested tables): counters, the deliveries' latencies, the first error messages
local stats = {sent = 0, deliveries = 0, errors = 0, lost = 0, duplicated = 0, mismatched = 0}
latencies, samples = {}, {}

function init(args)
  U = USERS[user]
  sender = signer(U.send_id, U.send_secret, U.send_stamp)
  recipient = signer(U.recv_id, U.recv_secret, U.recv_stamp)
  phase, count, budget = "send", 0, BUDGET
end

local function fail(text)
  stats.errors = stats.errors + 1
  if #samples < 3 then samples[#samples + 1] = text:sub(1, 200) end
  phase = "send"
end

function request()
  if phase == "send" then
    if budget <= 0 then wrk.thread:stop() end
    budget = budget - 1
    count = count + 1
    local number = TAG .. string.format("%03d%06d", user, count)
    package = table.concat(U.template, number)
    started = now()
    return prepare(sender, "sendEdoc", {{"from", U.sender}, {"servicetype", "eDoc"},
      {"messagetype", "edoc"}, {"hash-file", hash_file(package)}, {"to", U.to}},
      APPEND_CRLF and package .. "\r\n" or package)
  elseif phase == "list" then
    return prepare(recipient, "getReceivedEdocList", {{"servicetype", "eDoc"},
      {"messagetype", "edoc"}}, "")
  elseif phase == "get" then
    return prepare(recipient, "getEdoc", {{"docId", doc_id}}, "{}")
  else
    return prepare(recipient, "updateStatus", {{"status", "done"}, {"docId", doc_id}}, "{}")
  end
end

function response(status, headers, body)
  if not body:find('"ErrorCode":"0"', 1, true) then return fail(phase .. ": " .. body) end
  if phase == "send" then
    stats.sent = stats.sent + 1
    phase = "list"
  elseif phase == "list" then
    local ids = {}
    for id in body:gmatch('"docId":"([^"]*)"') do ids[#ids + 1] = id end
    if #ids == 0 then stats.lost = stats.lost + 1; phase = "send"; return end
    if #ids > 1 then stats.duplicated = stats.duplicated + 1 end
    doc_id = ids[1]
    phase = "get"
  elseif phase == "get" then
    if body:match('"data":"([^"]*)"') ~= base64(package) then
      stats.mismatched = stats.mismatched + 1
    end
    phase = "update"
  else
    stats.deliveries = stats.deliveries + 1
    latencies[#latencies + 1] = (now() - started) * 1000
    phase = "send"
  end
end

function done(summary, latency, requests)
  local total = {sent = 0, deliveries = 0, errors = 0, lost = 0, duplicated = 0, mismatched = 0}
  local all, messages = {}, {}
  for _, thread in ipairs(threads) do
    local s = thread:get("stats")
    for k in pairs(total) do total[k] = total[k] + s[k] end
    for _, v in ipairs(thread:get("latencies")) do all[#all + 1] = v end
    for _, v in ipairs(thread:get("samples")) do messages[#messages + 1] = v end
  end
  local latencies, samples = all, messages
  table.sort(latencies)
  local function pct(p)
    if #latencies == 0 then return -1 end
    return latencies[math.max(1, math.min(#latencies, math.floor(p / 100 * (#latencies - 1) + 1.5)))]
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"request_p50_us":%d,"request_p99_us":%d,' ..
    '"request_max_us":%d,"delivery_p50_ms":%.3f,"delivery_p99_ms":%.3f,"sent":%d,' ..
    '"deliveries":%d,"errors":%d,"lost":%d,"duplicated":%d,"mismatched":%d,' ..
    '"socket_errors":%d,"http_errors":%d,"samples":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, pct(50), pct(99), total.sent, total.deliveries, total.errors, total.lost,
    total.duplicated, total.mismatched, e.connect + e.read + e.write + e.timeout, e.status,
    #samples))
  for _, s in ipairs(samples) do io.write("SAMPLE " .. s:gsub("\n", " ") .. "\n") end
end

-- stats is read by done() through thread:get
_G.stats = stats
