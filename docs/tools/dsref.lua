-- Wireshark dissector for dsref's peer wire frames (raft/transport/frame.go).
--
-- Install: copy this file into Wireshark's personal Lua plugins folder (Help > About Wireshark >
-- Folders, "Personal Lua Plugins", e.g. ~/.local/lib/wireshark/plugins/), or load it for one run:
--
--   tshark -X lua_script:docs/tools/dsref.lua -r run.pcap -Y dsrf
--   wireshark -X lua_script:docs/tools/dsref.lua run.pcap
--
-- Frames are found on the TCP ports of the "dsrf.ports" preference (default 7001-7005, dsref kv
-- local's; set it with -o dsrf.ports:9001-9003 or in Preferences > Protocols > DSRF) and, on
-- any port, on segments that start with the magic "DSRF". A frame split across TCP segments is
-- reassembled; several frames in one segment are each dissected.
--
-- Frame (big-endian): magic "DSRF" | version 1 | kind (1 hello, 2 message) | flags 0 |
-- cluster u64 | from u64 | to u64 | payload length u32 | CRC-32C u32 (of bytes 0..35 and the
-- payload) | payload. A message's payload: uvarint c | c bytes of vector clock (uvarint count,
-- then per node: uvarint length, node ID, uvarint counter) | raft message: version byte, type
-- byte, flags byte (1 reject, 2 snapshot, 4 chunk fields), uvarints to, from, term, logTerm,
-- index, commit, rejectHint, context (uvarint length + bytes), entry count, then per entry
-- uvarint term, uvarint index, type byte, uvarint length + data; then chunkOffset and
-- snapshotSize if flags has 4, and the snapshot (index, term, voters, data) if flags has 2.

local dsrf = Proto("dsrf", "dsref peer wire frame")

local kinds = { [1] = "hello", [2] = "message" }
-- raft.MessageType names, by number (raft/message.go).
local msg_types = {
  [1] = "MsgHup", [2] = "MsgBeat", [3] = "MsgProp", [4] = "MsgApp", [5] = "MsgAppResp",
  [6] = "MsgVote", [7] = "MsgVoteResp", [8] = "MsgPreVote", [9] = "MsgPreVoteResp",
  [10] = "MsgHeartbeat", [11] = "MsgHeartbeatResp", [12] = "MsgTransferLeader",
  [13] = "MsgTimeoutNow", [14] = "MsgReadIndex", [15] = "MsgReadIndexResp", [16] = "MsgSnap",
  [17] = "MsgSnapResp", [18] = "MsgSnapStatus", [19] = "MsgUnreachable",
  -- local to a node (AsyncStorageWrites): the Go decoder refuses them on the wire
  [20] = "MsgStorageAppend", [21] = "MsgStorageAppendResp", [22] = "MsgStorageApply",
  [23] = "MsgStorageApplyResp",
}

local f = {
  magic = ProtoField.string("dsrf.magic", "Magic"),
  version = ProtoField.uint8("dsrf.version", "Version"),
  kind = ProtoField.uint8("dsrf.kind", "Kind", base.DEC, kinds),
  flags = ProtoField.uint16("dsrf.flags", "Flags", base.HEX),
  cluster = ProtoField.uint64("dsrf.cluster", "Cluster ID"),
  from = ProtoField.uint64("dsrf.from", "From"),
  to = ProtoField.uint64("dsrf.to", "To"),
  length = ProtoField.uint32("dsrf.length", "Payload length"),
  crc = ProtoField.uint32("dsrf.crc", "CRC-32C", base.HEX),
  crc_ok = ProtoField.bool("dsrf.crc_ok", "CRC-32C good"),
  clock_len = ProtoField.uint32("dsrf.clock.length", "Vector clock length"),
  clock = ProtoField.string("dsrf.clock", "Vector clock"),
  clock_node = ProtoField.string("dsrf.clock.node", "Node"),
  clock_counter = ProtoField.uint64("dsrf.clock.counter", "Counter"),
  msg_version = ProtoField.uint8("dsrf.msg.version", "Message version"),
  msg_type = ProtoField.string("dsrf.msg.type", "Type"),
  msg_flags = ProtoField.uint8("dsrf.msg.flags", "Message flags", base.HEX),
  msg_reject = ProtoField.bool("dsrf.msg.reject", "Reject"),
  msg_to = ProtoField.uint64("dsrf.msg.to", "To"),
  msg_from = ProtoField.uint64("dsrf.msg.from", "From"),
  msg_term = ProtoField.uint64("dsrf.msg.term", "Term"),
  msg_log_term = ProtoField.uint64("dsrf.msg.logTerm", "Log term"),
  msg_index = ProtoField.uint64("dsrf.msg.index", "Index"),
  msg_commit = ProtoField.uint64("dsrf.msg.commit", "Commit"),
  msg_hint = ProtoField.uint64("dsrf.msg.hint", "Reject hint"),
  msg_context = ProtoField.bytes("dsrf.msg.context", "Context"),
  msg_entries = ProtoField.uint32("dsrf.msg.entries", "Entries"),
  entry_term = ProtoField.uint64("dsrf.entry.term", "Entry term"),
  entry_index = ProtoField.uint64("dsrf.entry.index", "Entry index"),
  entry_type = ProtoField.uint8("dsrf.entry.type", "Entry type"),
  entry_data = ProtoField.bytes("dsrf.entry.data", "Entry data"),
  chunk_offset = ProtoField.uint64("dsrf.msg.chunkOffset", "Snapshot chunk offset"),
  snapshot_size = ProtoField.uint64("dsrf.msg.snapshotSize", "Snapshot size"),
  snap_index = ProtoField.uint64("dsrf.snapshot.index", "Snapshot index"),
  snap_term = ProtoField.uint64("dsrf.snapshot.term", "Snapshot term"),
  snap_voter = ProtoField.uint64("dsrf.snapshot.voter", "Snapshot voter"),
  snap_data = ProtoField.bytes("dsrf.snapshot.data", "Snapshot data"),
}
local field_list = {}
for _, v in pairs(f) do field_list[#field_list + 1] = v end
dsrf.fields = field_list

local ef_crc = ProtoExpert.new("dsrf.crc.bad", "CRC-32C does not match the frame", expert.group.CHECKSUM, expert.severity.ERROR)
local ef_malformed = ProtoExpert.new("dsrf.malformed", "Malformed dsref frame", expert.group.MALFORMED, expert.severity.ERROR)
dsrf.experts = { ef_crc, ef_malformed }

dsrf.prefs.ports = Pref.range("TCP ports", "7001-7005", "TCP ports of the cluster's peer traffic", 65535)

local HEADER = 40

-- CRC-32C (Castagnoli), reflected, as Go's hash/crc32 computes it.
local crc_table = {}
for i = 0, 255 do
  local c = i
  for _ = 1, 8 do
    if bit32.band(c, 1) == 1 then c = bit32.bxor(bit32.rshift(c, 1), 0x82F63B78) else c = bit32.rshift(c, 1) end
  end
  crc_table[i] = c
end

local function crc32c(crc, bytes, from, to)
  crc = bit32.bnot(crc)
  for i = from, to - 1 do
    crc = bit32.bxor(crc_table[bit32.band(bit32.bxor(crc, bytes:get_index(i)), 0xff)], bit32.rshift(crc, 8))
  end
  return bit32.bnot(crc)
end

-- uvarint reads an unsigned varint at offset off of tvb, not past limit; it returns the
-- value (a UInt64) and its length, or nil if it is malformed or cut short.
local function uvarint(tvb, off, limit)
  local v = UInt64(0)
  local shift = 0
  local n = 0
  while off + n < limit do
    local b = tvb(off + n, 1):uint()
    n = n + 1
    v = v:bor(UInt64(bit32.band(b, 0x7f)):lshift(shift))
    if b < 0x80 then return v, n end
    shift = shift + 7
    if shift > 63 then return nil end
  end
  return nil
end

local function num(u) return tonumber(tostring(u)) end

-- dissect_message decodes a message frame's payload [off, limit) into tree; it returns a
-- summary for the Info column, or nil and a reason.
local function dissect_message(tvb, pinfo, tree, off, limit)
  local c, n = uvarint(tvb, off, limit)
  if not c or num(c) > limit - off - n then return nil, "bad vector clock length" end
  tree:add(f.clock_len, tvb(off, n), num(c))
  off = off + n
  local clock_end = off + num(c)
  if num(c) > 0 then
    local ctree = tree:add(f.clock, tvb(off, num(c)), "")
    local count, k = uvarint(tvb, off, clock_end)
    if not count then return nil, "bad vector clock" end
    local p = off + k
    local parts = {}
    for _ = 1, num(count) do
      local l, k2 = uvarint(tvb, p, clock_end)
      if not l or p + k2 + num(l) > clock_end then return nil, "bad vector clock entry" end
      local node = tvb(p + k2, num(l)):string()
      local ctr, k3 = uvarint(tvb, p + k2 + num(l), clock_end)
      if not ctr then return nil, "bad vector clock counter" end
      ctree:add(f.clock_node, tvb(p + k2, num(l)), node)
      ctree:add(f.clock_counter, tvb(p + k2 + num(l), k3), ctr)
      parts[#parts + 1] = node .. ":" .. tostring(ctr)
      p = p + k2 + num(l) + k3
    end
    ctree:append_text("{" .. table.concat(parts, ",") .. "}")
  end
  off = clock_end
  if limit - off < 3 then return nil, "raft message too short" end
  local mtree = tree:add(dsrf, tvb(off, limit - off), "Raft message")
  mtree:add(f.msg_version, tvb(off, 1))
  local t = tvb(off + 1, 1):uint()
  local tname = msg_types[t] or ("MessageType(" .. t .. ")")
  mtree:add(f.msg_type, tvb(off + 1, 1), tname)
  local flags = tvb(off + 2, 1):uint()
  mtree:add(f.msg_flags, tvb(off + 2, 1))
  mtree:add(f.msg_reject, tvb(off + 2, 1), bit32.band(flags, 1) == 1)
  off = off + 3
  local vals = {}
  for _, name in ipairs({ "to", "from", "term", "logTerm", "index", "commit", "hint" }) do
    local v, k = uvarint(tvb, off, limit)
    if not v then return nil, "bad " .. name end
    local field = ({ to = f.msg_to, from = f.msg_from, term = f.msg_term, logTerm = f.msg_log_term,
      index = f.msg_index, commit = f.msg_commit, hint = f.msg_hint })[name]
    mtree:add(field, tvb(off, k), v)
    vals[name] = v
    off = off + k
  end
  local cl, k = uvarint(tvb, off, limit)
  if not cl or num(cl) > limit - off - k then return nil, "bad context length" end
  if num(cl) > 0 then mtree:add(f.msg_context, tvb(off + k, num(cl))) end
  off = off + k + num(cl)
  local count
  count, k = uvarint(tvb, off, limit)
  if not count then return nil, "bad entry count" end
  mtree:add(f.msg_entries, tvb(off, k), num(count))
  off = off + k
  for i = 1, num(count) do
    local start = off
    local et, k1 = uvarint(tvb, off, limit)
    if not et then return nil, "bad entry term" end
    local ei, k2 = uvarint(tvb, off + k1, limit)
    if not ei then return nil, "bad entry index" end
    off = off + k1 + k2
    if off >= limit then return nil, "entry cut short" end
    local ety = tvb(off, 1):uint()
    off = off + 1
    local dl, k3 = uvarint(tvb, off, limit)
    if not dl or num(dl) > limit - off - k3 then return nil, "bad entry data length" end
    local etree = mtree:add(dsrf, tvb(start, off + k3 + num(dl) - start), "Entry " .. i .. ": term " .. tostring(et) .. ", index " .. tostring(ei))
    etree:add(f.entry_term, tvb(start, k1), et)
    etree:add(f.entry_index, tvb(start + k1, k2), ei)
    etree:add(f.entry_type, tvb(off - 1, 1), ety)
    if num(dl) > 0 then etree:add(f.entry_data, tvb(off + k3, num(dl))) end
    off = off + k3 + num(dl)
  end
  if bit32.band(flags, 4) == 4 then
    local co, k1 = uvarint(tvb, off, limit)
    local ss, k2
    if co then ss, k2 = uvarint(tvb, off + k1, limit) end
    if not ss then return nil, "bad chunk fields" end
    mtree:add(f.chunk_offset, tvb(off, k1), co)
    mtree:add(f.snapshot_size, tvb(off + k1, k2), ss)
    off = off + k1 + k2
  end
  if bit32.band(flags, 2) == 2 then
    local si, k1 = uvarint(tvb, off, limit)
    local st, k2, vc, k3
    if si then st, k2 = uvarint(tvb, off + k1, limit) end
    if st then vc, k3 = uvarint(tvb, off + k1 + k2, limit) end
    if not vc then return nil, "bad snapshot" end
    mtree:add(f.snap_index, tvb(off, k1), si)
    mtree:add(f.snap_term, tvb(off + k1, k2), st)
    off = off + k1 + k2 + k3
    for _ = 1, num(vc) do
      local v, kv = uvarint(tvb, off, limit)
      if not v then return nil, "bad snapshot voter" end
      mtree:add(f.snap_voter, tvb(off, kv), v)
      off = off + kv
    end
    local dl, kd = uvarint(tvb, off, limit)
    if not dl or num(dl) > limit - off - kd then return nil, "bad snapshot data" end
    if num(dl) > 0 then mtree:add(f.snap_data, tvb(off + kd, num(dl))) end
    off = off + kd + num(dl)
  end
  if off ~= limit then return nil, (limit - off) .. " trailing bytes" end
  mtree:append_text(": " .. tname)
  local info = tname .. " " .. tostring(vals.from) .. "→" .. tostring(vals.to) .. " term=" .. tostring(vals.term)
  if tname == "MsgApp" then
    info = info .. " index=" .. tostring(vals.index) .. " entries=" .. tostring(count) .. " commit=" .. tostring(vals.commit)
  elseif tname == "MsgAppResp" then
    info = info .. " index=" .. tostring(vals.index) .. (bit32.band(flags, 1) == 1 and " reject" or "")
  elseif tname == "MsgHeartbeat" then
    info = info .. " commit=" .. tostring(vals.commit)
  end
  return info
end

-- frame_length tells dissect_tcp_pdus how long the frame at offset is.
local function frame_length(tvb, pinfo, offset)
  return HEADER + tvb(offset + 32, 4):uint()
end

local function looks_like_frame(tvb, offset)
  return tvb:len() - offset >= 8 and tvb(offset, 4):string() == "DSRF" and tvb(offset + 4, 1):uint() == 1
      and (tvb(offset + 5, 1):uint() == 1 or tvb(offset + 5, 1):uint() == 2)
end

local function dissect_frame(tvb, pinfo, tree)
  local len = tvb:len()
  pinfo.cols.protocol = "DSRF"
  local t = tree:add(dsrf, tvb(0, len))
  if len < HEADER or tvb(0, 4):string() ~= "DSRF" then
    t:add_proto_expert_info(ef_malformed, "not a dsref frame")
    return len
  end
  t:add(f.magic, tvb(0, 4))
  t:add(f.version, tvb(4, 1))
  local kind = tvb(5, 1):uint()
  t:add(f.kind, tvb(5, 1))
  t:add(f.flags, tvb(6, 2))
  t:add(f.cluster, tvb(8, 8))
  t:add(f.from, tvb(16, 8))
  t:add(f.to, tvb(24, 8))
  t:add(f.length, tvb(32, 4))
  local crc_item = t:add(f.crc, tvb(36, 4))
  local stored = tvb(36, 4):uint()
  local bytes = tvb:bytes()
  local computed = crc32c(crc32c(0, bytes, 0, 36), bytes, HEADER, len)
  local ok = computed == stored
  t:add(f.crc_ok, tvb(36, 4), ok)
  if not ok then crc_item:add_proto_expert_info(ef_crc, string.format("stored 0x%08x, computed 0x%08x", stored, computed)) end
  local from, to = tvb(16, 8):uint64(), tvb(24, 8):uint64()
  local info
  if kind == 1 then
    info = "hello " .. tostring(from) .. "→" .. tostring(to)
    t:append_text(", hello " .. tostring(from) .. "→" .. tostring(to))
  else
    local why
    info, why = dissect_message(tvb, pinfo, t, HEADER, len)
    if not info then
      t:add_proto_expert_info(ef_malformed, why)
      info = "malformed message: " .. why
    end
    t:append_text(", " .. info)
  end
  if not ok then info = info .. " [bad CRC]" end
  local col = tostring(pinfo.cols.info)
  if col:sub(1, 5) == "DSRF " or col:sub(1, 1) == "[" then
    pinfo.cols.info:append(" | " .. info)
  else
    pinfo.cols.info = "DSRF " .. info
  end
  return len
end

function dsrf.dissector(tvb, pinfo, tree)
  if not looks_like_frame(tvb, 0) and tvb:len() >= 8 then return 0 end
  dissect_tcp_pdus(tvb, tree, HEADER, frame_length, dissect_frame, true)
  return tvb:len()
end

local function heuristic(tvb, pinfo, tree)
  if not looks_like_frame(tvb, 0) then return false end
  dsrf.dissector(tvb, pinfo, tree)
  pinfo.conversation = dsrf
  return true
end

local registered = nil
local function register_ports()
  local tcp = DissectorTable.get("tcp.port")
  if registered then tcp:remove(registered, dsrf) end
  registered = dsrf.prefs.ports
  tcp:add(registered, dsrf)
end

function dsrf.prefs_changed() register_ports() end

register_ports()
dsrf:register_heuristic("tcp", heuristic)
