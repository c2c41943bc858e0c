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

  // The brand check for typed arrays: `instanceof` is fooled by
  // Object.create(Uint8Array.prototype) and by Proxies; this getter is not.
  const typedArrayName = Object.getOwnPropertyDescriptor(
    Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;

  function isPlain(value) {
    if (typeof value === 'string') return canCheckStrings && value.isWellFormed();
    return typedArrayName.call(value) === 'Uint8Array';
  }

  // Writes `value` at `offset` of the input buffer; returns the bytes
  // written, or -1 when the checked export must take the call instead (a
  // detached buffer, or a size the buffer cannot grow to).
  function put(value, offset) {
    try {
      return typeof value === 'string' ? putString(value, offset) : putBytes(value, offset);
    } catch {
      return -1;
    }
  }

  // The input buffer only grows, and only __kycReserve moves it: its address
  // and size are remembered so most writes need no call into wasm.
  let inputAt = 0;
  let inputSize = 0;

  function reserve(length) {
    if (length <= inputSize) return inputAt;
    const at = wasm.__kycReserve(length);
    if (at === 0) throw new RangeError('input buffer cannot grow');
    inputAt = at;
    inputSize = length;
    return at;
  }

  function putBytes(value, offset) {
    const at = reserve(offset + value.length);
    view().set(value, at + offset); // throws for a detached buffer
    return value.length;
  }

  function putString(value, offset) {
    // Most strings are ASCII: reserve one byte per UTF-16 unit first, and
    // more only when the string turns out to need it (at most 3 per unit).
    let room = value.length < 4096 ? value.length * 3 : value.length + 64;
    let at = reserve(offset + room);
    let { read, written } = encoder.encodeInto(value, view().subarray(at + offset, at + offset + room));
    while (read < value.length) {
      const rest = value.length - read;
      room = written + rest * 3;
      at = reserve(offset + room);
      const more = encoder.encodeInto(value.slice(read), view().subarray(at + offset + written, at + offset + room));
      read += more.read;
      written += more.written;
    }
    return written;
  }

  function wipe(length) {
    try {
      view().fill(0, inputAt, inputAt + length);
    } catch {
      // nothing was reserved, so nothing was written
    }
  }

  // Writes each value in turn; their lengths, or undefined if any failed.
  function putAll(values) {
    const asAscii = putAllAscii(values);
    if (asAscii) return asAscii;
    let offset = 0;
    const lengths = [];
    for (const value of values) {
      const length = put(value, offset);
      if (length < 0) {
        wipe(offset); // what was written may include a secret
        return undefined;
      }
      lengths.push(length);
      offset += length;
    }
    return lengths;
  }

  // The common case in one write: strings that are all ASCII, joined, where
  // each one's length in bytes is its length in UTF-16 units. Undefined when
  // a value is not a string or a character is not ASCII (the joined text
  // then overflows its one-byte-per-unit room). It pays off from three
  // values (measured: 13 % off generateHmac, 5 % more on secret + payload).
  function putAllAscii(values) {
    if (values.length < 3 || !values.every((value) => typeof value === 'string')) return undefined;
    const text = values.join('');
    try {
      const at = reserve(text.length);
      const { read, written } = encoder.encodeInto(text, view().subarray(at, at + text.length));
      if (read !== text.length || written !== text.length) return undefined;
    } catch {
      return undefined;
    }
    return values.map((value) => value.length);
  }

  // A fast export can run JS while it reads the input buffer (the runtime's
  // URL, Date.now: user code may replace either). A call into the library
  // made from there must not write into that buffer: it gets undefined here
  // and takes the checked export.
  let busy = false;
  function exclusively(run) {
    if (busy) return undefined;
    busy = true;
    try {
      return run();
    } finally {
      busy = false;
    }
  }

  // The fast paths leave a signature's 64 hex digits at a fixed address.
  const outputAt = wasm.__kycOutput();
  const decoder = new TextDecoder();
  const readHex = () => decoder.decode(view().subarray(outputAt, outputAt + 64));

  function keyed(fast, checked) {
    return function (payload, secret) {
      const hex = isPlain(payload) && isPlain(secret) ? exclusively(() => {
        const lengths = putAll([secret, payload]);
        return lengths && fast(...lengths) ? readHex() : undefined;
      }) : undefined;
      return hex ?? checked(payload, secret);
    };
  }

  // FaceVerify: all six strings go into the buffer in one pass. The options
  // object is read here only when it is a plain { urlMode } with a valid mode.
  function generateHmac(httpMethod, url, body, contentType, xAuthClient, secretKey, options) {
    const request = plainFaceVerifyRequest(httpMethod, url, body, contentType, xAuthClient, options);
    if (request && isPlain(secretKey)) {
      const hex = exclusively(() => {
        const lengths = putAll([secretKey, ...request.fields]);
        return lengths && wasm.__kycFaceVerify(...lengths, request.raw) ? readHex() : undefined;
      });
      if (hex !== undefined) return hex;
    }
    return wasm.generateHmac(httpMethod, url, body, contentType, xAuthClient, secretKey, options);
  }

  function canonicalString(httpMethod, url, body, contentType, xAuthClient, options) {
    const request = plainFaceVerifyRequest(httpMethod, url, body, contentType, xAuthClient, options);
    const text = request && exclusively(() => {
      const lengths = putAll(request.fields);
      return lengths && wasm.__kycCanonical(...lengths, request.raw);
    });
    return text ?? wasm.canonicalString(httpMethod, url, body, contentType, xAuthClient, options);
  }

  // The request's five fields when all are plain and the options settled.
  function plainFaceVerifyRequest(httpMethod, url, body, contentType, xAuthClient, options) {
    const mode = options === undefined || options === null ? 'whatwg' : plainUrlMode(options);
    const fields = [httpMethod, url, body, contentType, xAuthClient];
    const settled = mode !== undefined && typeof httpMethod === 'string' && typeof url === 'string'
      && typeof contentType === 'string' && typeof xAuthClient === 'string' && fields.every(isPlain);
    return settled ? { fields, raw: mode === 'raw' } : undefined;
  }

  // { urlMode } read as the checked export reads it; undefined when unusual.
  function plainUrlMode(options) {
    const read = readOptions(options, ['urlMode']);
    if (read === undefined) return undefined;
    if (read.urlMode === undefined) return 'whatwg';
    return read.urlMode === 'whatwg' || read.urlMode === 'raw' ? read.urlMode : undefined;
  }


  // Session bodies: options that JSON.stringify renders faithfully (plain
  // objects, arrays, strings, booleans, valid Dates) cross as one JSON string
  // instead of one boundary call per field.
  function buildSessionBody(options) {
    if (survivesJson(options, '', 0)) {
      let json;
      try {
        json = JSON.stringify(options); // a getter may answer differently now than when checked
      } catch {
        json = undefined;
      }
      const body = typeof json !== 'string' ? undefined : exclusively(() => {
        const length = put(json, 0);
        return length >= 0 ? wasm.__kycBuildBody(length) : undefined;
      });
      if (body !== undefined) return body;
    }
    return wasm.buildSessionBody(options);
  }

  function survivesJson(value, key, depth) {
    try {
      return jsonSafe(value, key, depth);
    } catch {
      return false; // a throwing getter or Proxy trap: the checked export reports it
    }
  }

  const dateToJson = Date.prototype.toJSON;
  const dateToIso = Date.prototype.toISOString;

  // Whether JSON.stringify writes `value` as the checked export reads it.
  function jsonSafe(value, key, depth) {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return true;
      case 'object': {
        if (value === null || depth > 8 || 'toJSON' in value && !(value instanceof Date)) return false;
        const proto = Object.getPrototypeOf(value);
        if (proto === Date.prototype) {
          // A Date is a timestamp (elsewhere it is a wrong type), written by the built-in toISOString.
          return key === 'timestamp' && value.toJSON === dateToJson && value.toISOString === dateToIso
            && !Number.isNaN(value.getTime());
        }
        if (proto === Array.prototype) {
          if (value.length > 10000) return false;
          for (let i = 0; i < value.length; i++) {
            if (!jsonSafe(value[i], '', depth + 1)) return false;
          }
          return true;
        }
        if (proto !== Object.prototype && proto !== null) return false;
        for (const name of Object.keys(value)) {
          const item = value[name];
          if (item !== undefined && !jsonSafe(item, name, depth + 1)) return false;
        }
        return true;
      }
      default:
        return false; // numbers, functions, symbols, bigints: let the checked path explain
    }
  }

  // verifySignature, verifyWebhook, signWebhook: the raw body (a well-formed
  // string or a Uint8Array) goes into the input buffer; wasm reads the other
  // options as the checked export does and does not read the body again.
  // Only for plain objects whose properties are all data properties (no
  // getter can run between reads), and the properties the checked export
  // reads before the body (`readFirst`) are read here first, in its order,
  // and handed over: so even a Proxy sees the same reads in the same order.
  // Errors are the checked export's; undefined from wasm means "take the
  // checked export".
  function bodyInBuffer(key, fast, checked, readFirst = []) {
    return function (options) {
      if (hasOnlyDataProperties(options)) {
        const result = exclusively(() => {
          const first = readFirst.map((name) => options[name]);
          const body = options[key];
          if (!isPlain(body)) return undefined;
          const length = put(body, 0);
          return length >= 0 ? fast(length, options, ...first) : undefined;
        });
        if (result !== undefined) return result;
      }
      return checked(options);
    };
  }

  function hasOnlyDataProperties(options) {
    try {
      // Array.isArray sees through a Proxy, as the checked exports' check does.
      if (typeof options !== 'object' || options === null || Array.isArray(options)) return false;
      const proto = Object.getPrototypeOf(options);
      if (proto !== Object.prototype && proto !== null) return false;
      return Object.values(Object.getOwnPropertyDescriptors(options)).every((d) => 'value' in d);
    } catch {
      return false; // a Proxy whose traps throw: the checked export reports it
    }
  }

  // signRequest and Signer#sign: options are read once, in JS, and signed
  // from the input buffer; anything unusual goes to the checked export.
  const SIGN_REQUEST_KEYS = ['provider', 'method', 'url', 'body', 'apiKey', 'secret', 'contentType', 'scheme', 'urlMode'];
  const REQUEST_KEYS = ['method', 'url', 'body', 'contentType'];

  // The options the checked export would read, read the way it reads them:
  // unknown keys are looked for among the enumerable ones (Object.keys), and
  // each allowed key is read with a get, enumerable or not. Undefined (the
  // checked export takes the call) for anything but a plain object with data
  // properties only, or for an unknown key.
  function readOptions(options, allowed) {
    if (!hasOnlyDataProperties(options)) return undefined;
    try {
      if (!Object.keys(options).every((key) => allowed.includes(key))) return undefined;
      return Object.fromEntries(allowed.map((key) => [key, options[key]]));
    } catch {
      return undefined; // a Proxy whose traps throw: the checked export reports it
    }
  }


  // [method, url, body, contentType] when all are plain, else undefined.
  function requestFields(r) {
    const contentType = r.contentType === undefined ? 'application/json' : r.contentType;
    const fields = [r.method, r.url, r.body === undefined ? '' : r.body, contentType];
    const strings = typeof r.method === 'string' && typeof r.url === 'string' && typeof contentType === 'string';
    if (!strings || !fields.every(isPlain)) return undefined;
    return fields;
  }

  // `METHOD\nname\nvalue…` from wasm, as the object signRequest returns.
  function signedRequest(encoded, r) {
    const [method, ...pairs] = encoded.split('\n');
    const headers = {};
    for (let i = 0; i < pairs.length; i += 2) headers[pairs[i]] = pairs[i + 1];
    const result = { method, url: r.url, headers };
    if (r.body !== undefined) result.body = r.body;
    return result;
  }

  function signRequest(options) {
    const r = readOptions(options, SIGN_REQUEST_KEYS);
    const fields = r && requestFields(r);
    const veriff = r?.provider === 'veriff';
    const settled = fields && (veriff || r.provider === 'faceverify')
      && (r.scheme === undefined || (veriff && (r.scheme === 'hmac' || r.scheme === 'legacy')))
      && (r.urlMode === undefined || (!veriff && (r.urlMode === 'whatwg' || r.urlMode === 'raw')))
      && typeof r.apiKey === 'string' && isPlain(r.apiKey) && isPlain(r.secret);
    const encoded = settled && exclusively(() => {
      const lengths = putAll([r.secret, ...fields, r.apiKey]);
      return lengths && wasm.__kycSignRequest(...lengths, !veriff, r.scheme === 'legacy', r.urlMode === 'raw', r.body !== undefined);
    });
    if (encoded) return signedRequest(encoded, r);
    return wasm.signRequest(options);
  }

  // A Signer's methods, guarded: after free() they throw a coded error
  // (wasm-bindgen's own is an uncoded "null pointer passed to rust"), and
  // free() may be called twice.
  const createSigner = (options) => {
    const signer = wasm.createSigner(options);
    const { hmac: checkedHmac, sign: checkedSign, free: release } = signer;
    let freed = false;
    const live = () => {
      if (freed) {
        throw Object.assign(new Error('signer: it was freed; create another with createSigner()'),
          { code: 'KYC_SIGNER_FREED', path: 'signer' });
      }
    };
    signer.hmac = function (payload) {
      live();
      const hex = isPlain(payload) ? exclusively(() => {
        const length = put(payload, 0);
        return length >= 0 && this.__hmacInput(length) ? readHex() : undefined;
      }) : undefined;
      return hex ?? checkedHmac.call(this, payload);
    };
    signer.sign = function (request) {
      live();
      const r = readOptions(request, REQUEST_KEYS);
      const fields = r && requestFields(r);
      const encoded = fields && exclusively(() => {
        const lengths = putAll(fields);
        return lengths && this.__signInput(...lengths, r.body !== undefined);
      });
      return encoded ? signedRequest(encoded, r) : checkedSign.call(this, request);
    };
    signer.free = function () {
      if (!freed) {
        freed = true;
        release.call(this);
      }
    };
    if (typeof Symbol.dispose === 'symbol') signer[Symbol.dispose] = signer.free;
    return signer;
  };

  return {
    generateSignature: keyed(wasm.__kycLegacy, wasm.generateSignature),
    generateHmacSignature: keyed(wasm.__kycHmac, wasm.generateHmacSignature),
    generateHmac,
    canonicalString,
    buildSessionBody,
    signRequest,
    createSigner,
    verifySignature: bodyInBuffer('payload', wasm.__kycVerifySignature, wasm.verifySignature),
    verifyWebhook: bodyInBuffer('body', wasm.__kycVerifyWebhook, wasm.verifyWebhook, ['headers']),
    signWebhook: bodyInBuffer('body', wasm.__kycSignWebhook, wasm.signWebhook),
  };
}
