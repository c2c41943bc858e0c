'use strict';
// The package's API over the wasm module, shared by the Node and browser
// entries (the build appends it to both).
//
// One path for every argument: each string (as UTF-8) and each byte array
// of a call is written straight into wasm memory as a "slot"; anything else
// is described, not judged, in a small JSON tree (see wasm/src/args.rs for
// its grammar). Every check, rule and message is the Rust core's; this file
// only says what each value is.

// ---------------------------------------------------------------- errors

const issued = new WeakSet();

/** Every error kyc-sign throws is `instanceof KycError`, with a stable `code` and the `path` it is about. */
class KycError extends Error {
  static [Symbol.hasInstance](value) {
    return issued.has(value);
  }
}
/** A wrong type or shape (`KYC_INVALID_TYPE`, `KYC_MISSING_FIELD`, …): also `instanceof TypeError`. */
class KycTypeError extends TypeError {}
/** A value outside what is allowed (`KYC_INVALID_URL`, `KYC_INVALID_DATE`, …): also `instanceof RangeError`. */
class KycRangeError extends RangeError {}

const ERROR_CLASSES = { TypeError: KycTypeError, RangeError: KycRangeError, Error: KycError };

function kycError(json) {
  const { code, path, message, class: kind } = typeof json === 'string' ? JSON.parse(json) : json;
  const error = new ERROR_CLASSES[kind](message);
  error.code = code;
  error.path = path;
  issued.add(error);
  return error;
}

/**
 * An error the entry reports itself, about the arguments as a whole (no one
 * argument to name): memory that cannot grow, a buffer detached mid-call, an
 * answer too long for a string. Its code is one of the core's.
 */
function entryError(code, message, kind) {
  return kycError({ code, path: '', message, class: kind });
}

// ---------------------------------------------------------------- the API

/** Most values one call's arguments are described with (`MAX_VALUES` in wasm/src/args.rs). */
const MAX_VALUES = 100_000;

/** What an export answers when its input buffer is gone (see `Input::run` in wasm/src/lib.rs). */
const BUFFER_LOST = -2147483648;

function createApi(wasm) {
  const memory = wasm.linearMemory();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const canCheckStrings = typeof ''.isWellFormed === 'function';
  // Brand checks and the engine's own length and buffer, which
  // Object.create(Uint8Array.prototype), Proxies and a subclass's getters
  // cannot fool: a length that lied would copy more bytes than were reserved.
  const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
  const intrinsic = (name) => Object.getOwnPropertyDescriptor(typedArray, name).get;
  const typedArrayName = intrinsic(Symbol.toStringTag);
  const typedArrayLength = intrinsic('length');
  const typedArrayBuffer = intrinsic('buffer');
  const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
  const dateTime = Date.prototype.getTime;
  const isEnumerable = Object.prototype.propertyIsEnumerable;

  // Rust's shadow-stack pointer and where it rests between calls. A call the
  // engine stopped midway (its stack ran out) never restores it: the
  // outermost call puts it back, so such stops cannot use that stack up.
  const stackPointer = wasm.instanceExports().__stack_pointer;
  const restingStackPointer = stackPointer?.value;

  let bytes = new Uint8Array(memory.buffer);
  // Growing wasm memory detaches the old buffer.
  const view = () => (bytes.buffer === memory.buffer ? bytes : (bytes = new Uint8Array(memory.buffer)));

  // User code run by a call (a getter, a replaced URL or Date.now) may call
  // the library again: each nesting depth writes into its own input buffer,
  // whose address and size are remembered here, and has its own list of
  // objects read with get(name) (Headers, Map), which the core asks for by number.
  let depth = 0;
  const inputs = [];
  const gettables = [];
  wasm.setGettables({
    get(index, name) {
      const value = gettables[depth - 1][index].get(name);
      return typeof value === 'string' ? value : undefined;
    },
  });
  const gettable = (value) => (gettables[depth - 1] ??= []).push(value) - 1;
  // How many more values the call being described may describe.
  let valuesLeft = 0;

  function reserve(d, length) {
    // size -1: a depth's first call reserves its buffer even for empty arguments.
    const input = inputs[d] ?? (inputs[d] = { at: 0, size: -1 });
    if (length > input.size) {
      const at = wasm.reserve(d, length);
      if (at === 0) {
        throw entryError('KYC_TOO_LONG', `the arguments need ${length} bytes of WebAssembly memory, more than it can grow to`, 'RangeError');
      }
      input.at = at;
      input.size = length;
    }
    return input.at;
  }

  // Writes a string at `offset` of buffer `d`; returns the bytes written.
  function putString(d, value, offset) {
    // Most strings are ASCII: room for one byte per UTF-16 unit first, more
    // only when the string turns out to need it (at most 3 per unit).
    let room = value.length < 4096 ? value.length * 3 : value.length + 64;
    let at = reserve(d, offset + room);
    let { read, written } = encoder.encodeInto(value, view().subarray(at + offset, at + offset + room));
    while (read < value.length) {
      room = written + (value.length - read) * 3;
      at = reserve(d, offset + room);
      const more = encoder.encodeInto(value.slice(read), view().subarray(at + offset + written, at + offset + room));
      read += more.read;
      written += more.written;
    }
    return written;
  }

  function putBytes(d, value, offset) {
    const length = typedArrayLength.call(value);
    const at = reserve(d, offset + length);
    try {
      view().set(value, at + offset);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      // User code detached it after it was described (a later getter, say).
      throw entryError('KYC_INVALID_VALUE', 'a byte array was detached while the call read its arguments (by a getter?)', 'RangeError');
    }
    return length;
  }

  // Writes the slots one after another; their lengths. Each run of two or
  // more short strings that are all ASCII goes in one encodeInto (measured:
  // 13 % off generateHmac, about 1 µs off a verify with a Buffer body); a
  // long string is not copied into a joined one.
  function putSlots(d, slots) {
    const lengths = [];
    let total = 0;
    for (let i = 0; i < slots.length; ) {
      let j = i;
      let run = '';
      while (j < slots.length && typeof slots[j] === 'string' && slots[j].length < 4096) run += slots[j++];
      if (j - i >= 2) {
        const at = reserve(d, total + run.length);
        const { read, written } = encoder.encodeInto(run, view().subarray(at + total, at + total + run.length));
        if (read === run.length && written === run.length) {
          for (; i < j; i++) lengths.push(slots[i].length);
          total += run.length;
          continue;
        }
      }
      // One slot alone; a run that was not ASCII, slot by slot.
      for (const end = Math.max(j, i + 1); i < end; i++) {
        const slot = slots[i];
        const length = typeof slot === 'string' ? putString(d, slot, total) : putBytes(d, slot, total);
        lengths.push(length);
        total += length;
      }
    }
    return lengths;
  }

  // Writes the slots, then the JSON `[[length, …], [tree]]` after them;
  // how many bytes each part took. When every slot is a short string and
  // all is ASCII, the slots and the JSON go in one encodeInto.
  function putTree(d, slots, tree) {
    if (slots.every((s) => typeof s === 'string' && s.length < 4096)) {
      const text = slots.join('');
      const json = `[[${slots.map((s) => s.length)}],[${tree}]]`;
      const all = text + json;
      const at = reserve(d, all.length);
      const { read, written } = encoder.encodeInto(all, view().subarray(at, at + all.length));
      if (read === all.length && written === all.length) return [text.length, json.length];
    }
    const lengths = putSlots(d, slots);
    const total = lengths.reduce((sum, n) => sum + n, 0);
    return [total, putString(d, `[[${lengths}],[${tree}]]`, total)];
  }

  const isWellFormed = (s) => canCheckStrings && s.isWellFormed();
  const isUint8Array = (v) => typedArrayName.call(v) === 'Uint8Array';
  // A real ArrayBuffer, detached or not: its byteLength getter throws for
  // anything else, such as an object that only has its prototype (which
  // new Uint8Array would read as an array-like, through its getters).
  function isArrayBuffer(v) {
    try {
      arrayBufferByteLength.call(v);
      return true;
    } catch {
      return false;
    }
  }

  // A Uint8Array whose buffer was detached, or that a resizable buffer shrank
  // from under, cannot be read. Asked of the buffer itself (a view of a
  // detached buffer throws): an optimised `length` can report the length a
  // detached array had (seen in Node 20). An out-of-bounds view reads as
  // empty, and copying it throws, which costs nothing when it is empty.
  function isReadable(v) {
    try {
      new Uint8Array(typedArrayBuffer.call(v), 0, 0);
      return typedArrayLength.call(v) > 0 || new Uint8Array(v) !== undefined;
    } catch {
      return false;
    }
  }

  function loneSurrogateAt(s) {
    for (let i = 0; i < s.length; i++) {
      const unit = s.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
      else if ((unit & 0xf800) === 0xd800) return i;
    }
    return -1;
  }

  // One argument as the tree describes it, as the tree's JSON text (written
  // here directly: building objects for JSON.stringify cost more than the
  // rest of the description); strings and bytes become slots. `read` (top
  // level only) collects each property's value as read, so a result can
  // hand back the very value that was signed.
  function describe(value, slots, level, read) {
    // Arrays of arrays could otherwise take minutes to describe (wasm/src/args.rs, MAX_VALUES).
    if (--valuesLeft < 0) return '{"w":0}';
    switch (typeof value) {
      case 'string': {
        if (isWellFormed(value)) return `${slots.push(value) - 1}`;
        const at = loneSurrogateAt(value);
        return at < 0 ? `${slots.push(value) - 1}` : `{"l":${at}}`;
      }
      case 'boolean':
        return value ? 'true' : 'false';
      case 'undefined':
        return '{"u":0}';
      case 'object':
        if (value === null) return 'null';
        return describeObject(value, slots, level, read);
      case 'function':
        return '{"x":"a function"}';
      case 'number':
        // A finite number's JSON is its String().
        return Number.isFinite(value) ? `{"n":${value}}` : '{"x":"a number"}';
      default:
        return `{"x":"a ${typeof value}"}`;
    }
  }

  function describeObject(value, slots, level, read) {
    if (isUint8Array(value)) return isReadable(value) ? `{"b":${slots.push(value) - 1}}` : '{"r":0}';
    let isArray;
    let proto;
    try {
      isArray = Array.isArray(value);
      proto = isArray ? Array.prototype : Object.getPrototypeOf(value);
    } catch {
      return '{"x":"an object"}'; // a revoked Proxy, or traps that throw
    }
    if (level > 8) return '{"z":0}';
    if (isArray) return describeArray(value, slots, level);
    if (proto === null || proto === Object.prototype) return describePlain(value, slots, level, read);
    // Brand checks throw for anything else, and a throw costs microseconds:
    // only objects that claim to be one are checked.
    try {
      if (value instanceof ArrayBuffer) {
        if (!isArrayBuffer(value)) return '{"x":"an object"}';
        return `{"B":${slots.push(new Uint8Array(value)) - 1}}`;
      }
      if (value instanceof Date) {
        const time = dateTime.call(value);
        return Number.isNaN(time) ? '{"d":null}' : `{"d":${time}}`;
      }
      if (typeof value.get === 'function') return `{"g":${gettable(value)}}`;
    } catch {
      // A detached ArrayBuffer, an object that only claims to be a Date, or
      // a getter or trap that throws.
      if (value instanceof ArrayBuffer) return '{"r":0}';
      if (value instanceof Date) return '{"D":0}';
    }
    return '{"x":"an object"}';
  }

  function describeArray(value, slots, level) {
    let length;
    try {
      length = value.length;
    } catch {
      return '{"y":0}';
    }
    // A Proxy's length can be anything (a Symbol, an object whose valueOf
    // throws): only a number up to the limit is read, a larger safe integer reported.
    if (typeof length !== 'number' || !(length <= 10000)) return Number.isSafeInteger(length) ? `{"a":${length}}` : '{"y":0}';
    let items = '';
    for (let i = 0; i < length; i++) {
      let item;
      try {
        item = describe(value[i], slots, level + 1);
      } catch {
        item = '{"t":0}';
      }
      items += i === 0 ? item : `,${item}`;
    }
    return `[${items}]`;
  }

  // Own string-keyed properties in their order, enumerable ones apart (only
  // those count as unknown options), each read once with a get.
  function describePlain(value, slots, level, read) {
    let keys;
    let shownFlags;
    try {
      const names = Object.getOwnPropertyNames(value);
      // Usually every property is enumerable; only then is each not asked.
      const enumerable = Object.keys(value);
      if (names.length === enumerable.length) keys = enumerable;
      else {
        keys = names;
        shownFlags = names.map((key) => isEnumerable.call(value, key));
      }
    } catch {
      return '{"k":0}';
    }
    let shown = '';
    let hidden = '';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const isShown = shownFlags === undefined || shownFlags[i];
      let item;
      try {
        const got = value[key];
        if (read) read[key] = got;
        item = describe(got, slots, level + 1);
      } catch {
        item = '{"t":0}';
      }
      const entry = `${slots.push(canCheckStrings ? key.toWellFormed() : key) - 1},${item}`;
      if (isShown) shown += shown === '' ? entry : `,${entry}`;
      else hidden += hidden === '' ? entry : `,${entry}`;
    }
    return hidden === '' ? `{"o":[${shown}]}` : `{"O":[[${shown}],[${hidden}]]}`;
  }

  // Whether every argument is a well-formed string or a readable Uint8Array
  // (then they go as slots alone); the bit mask of the Uint8Arrays, or -1.
  function flatKinds(args, arity) {
    if (args.length > 6 || args.length !== Math.min(arity, 6)) return -1;
    let kinds = 0;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a === 'string') {
        if (!isWellFormed(a)) return -1;
      } else if (typeof a === 'object' && a !== null && isUint8Array(a) && isReadable(a)) {
        kinds |= 1 << i;
      } else {
        return -1;
      }
    }
    return kinds;
  }

  // Calls `exported` with `args`: positional strings and byte arrays as
  // slots alone, anything else with its tree. Returns the answer's text, or
  // throws the error the core gave. `written` (optional) runs once the
  // arguments are in wasm memory, before the core runs: what it reads of
  // them is what the core will see.
  function call(exported, args, arity, read, written) {
    // No Rust frame is live when no call is: its stack pointer must be at rest.
    if (depth === 0 && stackPointer !== undefined) stackPointer.value = restingStackPointer;
    const d = depth++;
    try {
      const kinds = flatKinds(args, arity);
      let write;
      if (kinds >= 0) {
        write = () => {
          const l = wipedIfThrows(d, () => putSlots(d, args));
          written?.();
          return exported(d, kinds, 0, l[0] ?? 0, l[1] ?? 0, l[2] ?? 0, l[3] ?? 0, l[4] ?? 0, l[5] ?? 0);
        };
      } else {
        const slots = [];
        let tree = '';
        const outer = valuesLeft;
        valuesLeft = MAX_VALUES;
        try {
          for (let i = 0; i < args.length; i++) tree += (i === 0 ? '' : ',') + describe(args[i], slots, 0, read);
        } finally {
          valuesLeft = outer; // a call made by a getter has its own count
        }
        write = () => {
          const [total, jsonLength] = wipedIfThrows(d, () => putTree(d, slots, tree));
          written?.();
          return exported(d, 0, jsonLength, total, 0, 0, 0, 0, 0);
        };
      }
      let length = write();
      if (length === BUFFER_LOST) {
        // A call the engine stopped midway (its stack or memory ran out) took
        // this depth's buffer: ask for the buffers afresh and write again.
        inputs.length = 0;
        length = write();
      }
      // The answer's length, or -1 - length for an error.
      const size = length < 0 ? -1 - length : length;
      // Most verifications answer nothing: no decoder call for that.
      let text = '';
      try {
        if (size > 0) {
          const at = wasm.output();
          text = decoder.decode(view().subarray(at, at + size));
        }
      } catch {
        throw entryError('KYC_TOO_LONG', `the answer (${size} bytes) is longer than the longest string this engine can make`, 'RangeError');
      }
      if (length < 0) throw kycError(text);
      return text;
    } finally {
      gettables[d] = undefined;
      depth--;
    }
  }

  // Runs `put`; if it throws (a byte array detached by a getter, memory that
  // cannot grow), the slots already written, a secret perhaps, are wiped:
  // the core, which wipes them after a call, will not run.
  function wipedIfThrows(d, put) {
    try {
      return put();
    } catch (error) {
      const input = inputs[d];
      if (input !== undefined && input.size > 0) view().fill(0, input.at, input.at + input.size);
      throw error;
    }
  }

  // `[…, name, value, …]` from index 1 on as a headers object.
  function headerObject(lines) {
    const headers = {};
    for (let i = 1; i < lines.length; i += 2) headers[lines[i]] = lines[i + 1];
    return headers;
  }

  // `["METHOD", name, value, …]` and what the call read: { method, url, headers, body? }.
  function signedRequest(text, read) {
    const lines = JSON.parse(text);
    const request = { method: lines[0], url: read.url, headers: headerObject(lines) };
    if (read.body !== undefined) request.body = read.body; // the very value signed, never re-serialised
    return request;
  }

  function isPlainObject(value) {
    try {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const proto = Object.getPrototypeOf(value);
      return proto === null || proto === Object.prototype;
    } catch {
      return false;
    }
  }

  const signers = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((handle) => call(wasm.signerFree, [handle], 1))
    : undefined;

  function makeSigner(handle) {
    let freed = false;
    const signer = {
      sign(request) {
        const read = {};
        return signedRequest(call(wasm.signerSign, [handle, request], 2, read), read);
      },
      hmac: (payload) => call(wasm.signerHmac, [handle, payload], 2),
      // Wipes the key and secret now instead of when the signer is collected; twice is fine.
      free() {
        if (freed) return;
        freed = true;
        signers?.unregister(signer);
        call(wasm.signerFree, [handle], 1);
      },
    };
    if (typeof Symbol.dispose === 'symbol') signer[Symbol.dispose] = signer.free;
    signers?.register(signer, handle, signer);
    return signer;
  }

  // The parsed JSON of a message the core verified: the very bytes it
  // verified, decoded as they were written, before user code the call runs
  // (a Headers get(), a replaced Date.now) could change or detach them.
  function verified(exported, options) {
    const read = {};
    let text;
    call(exported, [options], 1, read, () => {
      const body = read.body;
      // Anything but a string or bytes (a parsed object, a huge sparse array)
      // the core refuses with its code: it is not touched here.
      try {
        if (typeof body === 'string') text = body;
        else if (isUint8Array(body)) text = decoder.decode(body);
        else if (isArrayBuffer(body)) text = decoder.decode(new Uint8Array(body));
      } catch {
        // Detached: the core refuses it too.
      }
    });
    return JSON.parse(text);
  }

  return {
    generateSignature(payload, secret) {
      // Veriff's own sample signs JSON.stringify(payload).
      if (isPlainObject(payload)) {
        try {
          payload = JSON.stringify(payload);
        } catch {
          throw kycError({ code: 'KYC_INVALID_VALUE', path: 'payload', message: 'payload: JSON.stringify threw on this object', class: 'RangeError' });
        }
      }
      return call(wasm.generateSignature, [payload, secret], 2);
    },
    generateHmacSignature: (payload, secret) => call(wasm.generateHmacSignature, [payload, secret], 2),
    generateHmac: (...args) => call(wasm.generateHmac, args, 7),
    canonicalString: (...args) => call(wasm.canonicalString, args, 6),
    buildSessionBody: (options) => call(wasm.buildSessionBody, [options], 1),
    signRequest(options) {
      const read = {};
      return signedRequest(call(wasm.signRequest, [options], 1, read), read);
    },
    createSigner: (options) => makeSigner(call(wasm.createSigner, [options], 1)),
    verifySignature: (options) => call(wasm.verifySignature, [options], 1) === 'true',
    verifyWebhook: (options) => verified(wasm.verifyWebhook, options),
    verifyResponse: (options) => verified(wasm.verifyResponse, options),
    signWebhook: (options) => headerObject(JSON.parse(call(wasm.signWebhook, [options], 1))),
    explainRequest: (options) => JSON.parse(call(wasm.explainRequest, [options], 1)),
  };
}
