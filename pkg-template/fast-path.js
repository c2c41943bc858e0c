// Shared by the Node and browser entries (the build appends it to both).

// Whether this engine runs wasm SIMD: validates a one-function module that
// returns i8x16.splat(0). Engines without SIMD (Safari before 16.4) get the
// baseline build. KYC_SIGN_NO_SIMD=1 in Node forces the baseline (for tests).
function supportsSimd() {
  const forcedOff = typeof process === 'object' && process?.env?.KYC_SIGN_NO_SIMD === '1';
  const probe = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
    0x03, 0x02, 0x01, 0x00, // function 0 has type 0
    0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // body: i32.const 0; i8x16.splat; end
  ]);
  return !forcedOff && WebAssembly.validate(probe);
}
//
// Hot calls skip wasm-bindgen's argument glue, which copies strings into wasm
// one character at a time: well-formed strings and byte arrays are written
// straight into one reusable buffer in wasm memory with TextEncoder.encodeInto
// and hashed there. Anything else (a lone surrogate, a wrong type, an engine
// without String.prototype.isWellFormed) takes the checked export, which
// gives the same answer or the same coded error.
function withFastPaths(wasm) {
  const memory = wasm.__kycMemory();
  const encoder = new TextEncoder();
  const canCheckStrings = typeof ''.isWellFormed === 'function';
  let bytes = new Uint8Array(memory.buffer);

  function view() {
    // Growing wasm memory detaches the old buffer.
    if (bytes.buffer !== memory.buffer) bytes = new Uint8Array(memory.buffer);
    return bytes;
  }

  function isPlain(value) {
    if (typeof value === 'string') return canCheckStrings && value.isWellFormed();
    try {
      return value instanceof Uint8Array;
    } catch {
      return false; // a Proxy whose getPrototypeOf trap throws: the checked export reports it
    }
  }

  // Writes `value` at `offset` of the input buffer; returns the bytes written.
  function put(value, offset) {
    if (typeof value !== 'string') {
      let at = wasm.__kycReserve(offset + value.length);
      view().set(value, at + offset);
      return value.length;
    }
    // Most strings are ASCII: reserve one byte per UTF-16 unit first, and
    // more only when the string turns out to need it (at most 3 per unit).
    let room = value.length < 4096 ? value.length * 3 : value.length + 64;
    let at = wasm.__kycReserve(offset + room);
    let { read, written } = encoder.encodeInto(value, view().subarray(at + offset, at + offset + room));
    while (read < value.length) {
      const rest = value.length - read;
      room = written + rest * 3;
      at = wasm.__kycReserve(offset + room);
      const more = encoder.encodeInto(value.slice(read), view().subarray(at + offset + written, at + offset + room));
      read += more.read;
      written += more.written;
    }
    return written;
  }

  function keyed(fast, checked) {
    return function (payload, secret) {
      if (isPlain(payload) && isPlain(secret)) {
        const keyLength = put(secret, 0);
        const messageLength = put(payload, keyLength);
        return fast(keyLength, messageLength);
      }
      return checked(payload, secret);
    };
  }

  // FaceVerify: all six strings go into the buffer in one pass. The options
  // object is read here only when it is a plain { urlMode } with a valid mode.
  function generateHmac(httpMethod, url, body, contentType, xAuthClient, secretKey, options) {
    const mode = options === undefined || options === null ? 'whatwg' : plainUrlMode(options);
    const fields = [secretKey, httpMethod, url, body, contentType, xAuthClient];
    if (mode !== undefined && typeof httpMethod === 'string' && typeof url === 'string'
      && typeof contentType === 'string' && typeof xAuthClient === 'string' && fields.every(isPlain)) {
      let offset = 0;
      const lengths = fields.map((field) => {
        const length = put(field, offset);
        offset += length;
        return length;
      });
      const hex = wasm.__kycFaceVerify(...lengths, mode === 'raw');
      if (hex !== undefined) return hex;
    }
    return wasm.generateHmac(httpMethod, url, body, contentType, xAuthClient, secretKey, options);
  }

  function plainUrlMode(options) {
    try {
      if (typeof options !== 'object' || Object.getPrototypeOf(options) !== Object.prototype) return undefined;
      const keys = Object.keys(options);
      if (keys.length === 0) return 'whatwg';
      if (keys.length !== 1 || keys[0] !== 'urlMode') return undefined;
      const mode = Object.getOwnPropertyDescriptor(options, 'urlMode').value;
      return mode === 'whatwg' || mode === 'raw' ? mode : undefined;
    } catch {
      return undefined; // a Proxy whose traps throw: the checked export reports it
    }
  }

  // Session bodies: options that JSON.stringify renders faithfully (plain
  // objects, arrays, strings, booleans, valid Dates) cross as one JSON string
  // instead of one boundary call per field.
  function buildSessionBody(options) {
    if (survivesJson(options, 0)) {
      const body = wasm.__kycBuildBody(put(JSON.stringify(options), 0));
      if (body !== undefined) return body;
    }
    return wasm.buildSessionBody(options);
  }

  function survivesJson(value, depth) {
    try {
      return jsonSafe(value, depth);
    } catch {
      return false; // a throwing getter or Proxy trap: the checked export reports it
    }
  }

  function jsonSafe(value, depth) {
    switch (typeof value) {
      case 'string':
        return true;
      case 'boolean':
        return true;
      case 'object': {
        if (value === null || depth > 8) return false;
        const proto = Object.getPrototypeOf(value);
        if (proto === Date.prototype) return !Number.isNaN(value.getTime()) && !Object.hasOwn(value, 'toJSON');
        if (proto === Array.prototype) return value.every((item) => jsonSafe(item, depth + 1));
        if (proto !== Object.prototype && proto !== null) return false;
        if (Object.hasOwn(value, 'toJSON')) return false;
        for (const key of Object.keys(value)) {
          const item = value[key];
          if (item !== undefined && !jsonSafe(item, depth + 1)) return false;
        }
        return true;
      }
      default:
        return false; // numbers, functions, symbols, bigints: let the checked path explain
    }
  }

  const createSigner = (options) => {
    const signer = wasm.createSigner(options);
    const checkedHmac = signer.hmac;
    signer.hmac = function (payload) {
      return isPlain(payload) ? this.__hmacInput(put(payload, 0)) : checkedHmac.call(this, payload);
    };
    return signer;
  };

  return {
    generateSignature: keyed(wasm.__kycLegacy, wasm.generateSignature),
    generateHmacSignature: keyed(wasm.__kycHmac, wasm.generateHmacSignature),
    generateHmac,
    canonicalString: wasm.canonicalString,
    buildSessionBody,
    signRequest: wasm.signRequest,
    createSigner,
    verifySignature: wasm.verifySignature,
    verifyWebhook: wasm.verifyWebhook,
    signWebhook: wasm.signWebhook,
  };
}
