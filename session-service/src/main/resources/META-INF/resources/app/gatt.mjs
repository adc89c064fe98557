/**
 * Decodes the Bluetooth GATT measurements of the home devices (Blood Pressure Measurement 0x2A35, PLX Continuous
 * Measurement 0x2A5F, PLX Spot-check Measurement 0x2A5E) and maps them to the readings vitals-service takes.
 *
 * Pure: no dependencies and nothing from the browser beyond typed arrays, so node's test runner checks exactly what
 * the phone runs. Layouts: Bluetooth GATT Specification Supplement and the Pulse Oximeter Service; numbers are
 * IEEE 11073-20601 SFLOAT, little-endian.
 *
 * @module gatt
 */

const BLOOD_PRESSURE = {uuid: 0x2A35, name: 'Blood Pressure Measurement'};
const PLX_CONTINUOUS = {uuid: 0x2A5F, name: 'PLX Continuous Measurement'};
const PLX_SPOT_CHECK = {uuid: 0x2A5E, name: 'PLX Spot-check Measurement'};

const SPECIAL_SFLOATS = new Map([
  [0x07FF, 'NaN'],
  [0x0800, 'NRes'],
  [0x07FE, '+INFINITY'],
  [0x0802, '-INFINITY'],
  [0x0801, 'reserved'],
]);

// The cuff's and the API's names for the status bits the vitals API records (ReadingRequest.measurementFlags).
const CUFF_FLAGS = [
  ['bodyMovement', 'body-movement'],
  ['cuffTooLoose', 'cuff-fit-loose'],
  ['irregularPulse', 'irregular-pulse'],
  ['improperPosition', 'improper-position'],
];

const PULSE_RATE_RANGES = ['in-range', 'above', 'below', 'reserved'];

/** PLX Measurement Status (uint16): bits 0-4 are reserved. */
const PLX_MEASUREMENT_STATUS = [
  [5, 'measurementOngoing'],
  [6, 'earlyEstimatedData'],
  [7, 'validatedData'],
  [8, 'fullyQualifiedData'],
  [9, 'dataFromMeasurementStorage'],
  [10, 'dataForDemonstration'],
  [11, 'dataForTesting'],
  [12, 'calibrationOngoing'],
  [13, 'measurementUnavailable'],
  [14, 'questionableMeasurementDetected'],
  [15, 'invalidMeasurementDetected'],
];

/** PLX Device and Sensor Status (uint24): bits 16-23 are reserved. */
const PLX_DEVICE_AND_SENSOR_STATUS = [
  [0, 'extendedDisplayUpdateOngoing'],
  [1, 'equipmentMalfunctionDetected'],
  [2, 'signalProcessingIrregularityDetected'],
  [3, 'inadequateSignalDetected'],
  [4, 'poorSignalDetected'],
  [5, 'lowPerfusionDetected'],
  [6, 'erraticSignalDetected'],
  [7, 'nonpulsatileSignalDetected'],
  [8, 'questionablePulseDetected'],
  [9, 'signalAnalysisOngoing'],
  [10, 'sensorInterferenceDetected'],
  [11, 'sensorUnconnectedToUser'],
  [12, 'unknownSensorConnected'],
  [13, 'sensorDisplaced'],
  [14, 'sensorMalfunctioning'],
  [15, 'sensorDisconnected'],
];

// An oximeter that says its values are not the patient's now (a demonstration, a test, no finger, a broken sensor)
// must not show up as a real SpO2 on the clinician's screen; a questionable or weak signal is still a reading.
const PLX_NOT_A_MEASUREMENT = {
  measurementStatus: {
    measurementUnavailable: 'measurement unavailable',
    invalidMeasurementDetected: 'invalid measurement detected',
    dataForDemonstration: 'data for demonstration',
    dataForTesting: 'data for testing',
  },
  deviceAndSensorStatus: {
    equipmentMalfunctionDetected: 'equipment malfunction detected',
    sensorMalfunctioning: 'sensor malfunctioning',
    sensorUnconnectedToUser: 'sensor unconnected to user',
    sensorDisconnected: 'sensor disconnected',
  },
};

// The vitals API refuses a whole reading whose perfusion index is outside (0, 20] %; an odd index must not cost
// the SpO2 it came with.
const PERFUSION_INDEX_MAX = 20;

/**
 * Reads an IEEE 11073 16-bit SFLOAT.
 *
 * @param {number} word the 16-bit value as read little-endian from the wire (0..0xFFFF)
 * @returns {{value: number} | {special: 'NaN'|'NRes'|'+INFINITY'|'-INFINITY'|'reserved'}} value = mantissa x
 *     10^exponent (both two's complement); a special value is never a number
 */
export function sfloat(word) {
  if (!Number.isInteger(word) || word < 0 || word > 0xFFFF) {
    throw new RangeError(`an SFLOAT is a 16-bit word, not ${word}`);
  }
  const special = SPECIAL_SFLOATS.get(word);
  if (special) {
    return {special};
  }
  const {mantissa, exponent} = sfloatParts(word);
  // Dividing by an exact power of ten rounds once, so 107 x 10^-1 is 10.7 (107 * 0.1 would be 10.700000000000001).
  return {value: exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent};
}

function sfloatParts(word) {
  const exponent = (word >> 12) >= 8 ? (word >> 12) - 16 : word >> 12;
  const mantissa = (word & 0x0FFF) >= 0x800 ? (word & 0x0FFF) - 0x1000 : word & 0x0FFF;
  return {mantissa, exponent};
}

/**
 * mantissa x 10^exponent x (factor x 10^factorExponent) in whole units, half away from zero, in exact integer
 * arithmetic: vitals-service rounds kPa the same way with BigDecimal, and the two must agree at .5.
 */
function wholeHalfUp(word, factor, factorExponent) {
  const {mantissa, exponent} = sfloatParts(word);
  const product = mantissa * factor;
  const power = exponent + factorExponent;
  if (power >= 0) {
    return product * 10 ** power;
  }
  const divisor = 10 ** -power;
  const whole = Math.floor((2 * Math.abs(product) + divisor) / (2 * divisor));
  return product < 0 ? -whole : whole;
}

/** 1 kPa = 7.50062 mmHg, as 750062 x 10^-5. */
function toMmHg(word, unit) {
  return unit === 'kPa' ? wholeHalfUp(word, 750062, -5) : wholeHalfUp(word, 1, 0);
}

/** Reads fields in order and refuses to read past the end: a short value never decodes to garbage. */
class FieldReader {
  constructor(bytes, characteristic) {
    this.characteristic = characteristic;
    this.bytes = asBytes(bytes, characteristic);
    this.offset = 0;
    this.flags = null;
  }

  label() {
    return `${this.characteristic.name} (0x${hex4(this.characteristic.uuid)})`;
  }

  take(length, field) {
    const end = this.offset + length;
    if (end > this.bytes.length) {
      const where = length === 1 ? `byte ${this.offset}` : `bytes ${this.offset}-${end - 1}`;
      const flags = this.flags === null ? '' : `; flags ${byteHex(this.flags)}`;
      throw new Error(`${this.label()} is truncated after ${this.bytes.length} byte(s): missing ${field} `
        + `(${where}${flags})`);
    }
    const start = this.offset;
    this.offset = end;
    return start;
  }

  uint8(field) {
    return this.bytes[this.take(1, field)];
  }

  uint16(field) {
    const at = this.take(2, field);
    return this.bytes[at] | (this.bytes[at + 1] << 8);
  }

  uint24(field) {
    const at = this.take(3, field);
    return this.bytes[at] | (this.bytes[at + 1] << 8) | (this.bytes[at + 2] << 16);
  }

  readFlags() {
    this.flags = this.uint8('the flags');
    return this.flags;
  }

  /** Date Time: year uint16, month, day, hours, minutes, seconds. */
  dateTime(field) {
    const at = this.take(7, field);
    const b = this.bytes;
    return localDateTime(b[at] | (b[at + 1] << 8), b[at + 2], b[at + 3], b[at + 4], b[at + 5], b[at + 6]);
  }

  /** Trailing bytes mean a layout this decoder does not know; guessing at them could misplace every value. */
  end() {
    if (this.offset !== this.bytes.length) {
      throw new Error(`${this.label()} is too long: the flags (${byteHex(this.flags)}) account for `
        + `${this.offset} byte(s), but the value has ${this.bytes.length}`);
    }
  }
}

function asBytes(bytes, characteristic) {
  if (bytes instanceof Uint8Array) {
    return bytes;
  }
  if (ArrayBuffer.isView(bytes)) {
    // Web Bluetooth hands a DataView that may start part-way into a larger buffer.
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (bytes instanceof ArrayBuffer) {
    return new Uint8Array(bytes);
  }
  throw new TypeError(`${characteristic.name} (0x${hex4(characteristic.uuid)}): expected a DataView, typed array or `
    + `ArrayBuffer, not ${bytes === null ? 'null' : typeof bytes}`);
}

function localDateTime(year, month, day, hours, minutes, seconds) {
  // Year, month or day 0 means the device does not know it; an impossible date is no better.
  const known = year >= 1582 && year <= 9999 && month >= 1 && month <= 12
    && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
    && hours <= 23 && minutes <= 59 && seconds <= 59;
  const iso = known
    ? `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}`
    : null;
  return {year, month, day, hours, minutes, seconds, known, iso};
}

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

function hex4(n) {
  return n.toString(16).padStart(4, '0').toUpperCase();
}

function byteHex(n) {
  return `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;
}

function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function bitNames(value, table) {
  const names = {};
  for (const [bit, name] of table) {
    names[name] = (value & (1 << bit)) !== 0;
  }
  return names;
}

/**
 * Decodes a Blood Pressure Measurement (0x2A35).
 *
 * @param {DataView|ArrayBufferView|ArrayBuffer} bytes the characteristic's value
 * @returns {object} `{characteristic: 0x2A35, bytes (hex), usable, reasons, unit: 'mmHg'|'kPa', systolic,
 *     diastolic, meanArterialPressure ({value as sent, mmHg} or null), timeStamp ({year, month, day, hours,
 *     minutes, seconds, known, iso} on the device's clock, no zone; or null), pulseRate, userId, status
 *     ({bodyMovement, cuffTooLoose, irregularPulse, pulseRateRange, improperPosition} or null), specials}`. A
 *     special SFLOAT in systolic or diastolic makes it `usable: false` with the reasons; a special MAP or pulse
 *     rate is null. `specials` names each field that held a special value.
 * @throws {Error} when the value is shorter or longer than its flags promise
 */
export function decodeBloodPressure(bytes) {
  const reader = new FieldReader(bytes, BLOOD_PRESSURE);
  const flags = reader.readFlags();
  const unit = flags & 0x01 ? 'kPa' : 'mmHg';
  const systolicWord = reader.uint16('systolic');
  const diastolicWord = reader.uint16('diastolic');
  const mapWord = reader.uint16('mean arterial pressure');
  const timeStamp = flags & 0x02 ? reader.dateTime('the time stamp') : null;
  const pulseWord = flags & 0x04 ? reader.uint16('the pulse rate') : null;
  const userId = flags & 0x08 ? reader.uint8('the user ID') : null;
  const statusWord = flags & 0x10 ? reader.uint16('the measurement status') : null;
  reader.end();

  const specials = {};
  const reasons = [];
  const pressure = (field, word, required) => {
    const decoded = sfloat(word);
    if ('special' in decoded) {
      specials[field] = decoded.special;
      if (required) {
        reasons.push(`${field} is ${decoded.special}`);
      }
      return null;
    }
    return {value: decoded.value, mmHg: toMmHg(word, unit)};
  };
  const systolic = pressure('systolic', systolicWord, true);
  const diastolic = pressure('diastolic', diastolicWord, true);
  const meanArterialPressure = pressure('meanArterialPressure', mapWord, false);
  const pulseRate = pulseWord === null ? null : numberOrNull('pulseRate', pulseWord, specials);

  return {
    characteristic: BLOOD_PRESSURE.uuid,
    bytes: toHex(reader.bytes),
    usable: reasons.length === 0,
    reasons,
    unit,
    systolic,
    diastolic,
    meanArterialPressure,
    timeStamp,
    pulseRate,
    userId,
    status: statusWord === null ? null : {
      bodyMovement: (statusWord & 0x01) !== 0,
      cuffTooLoose: (statusWord & 0x02) !== 0,
      irregularPulse: (statusWord & 0x04) !== 0,
      pulseRateRange: PULSE_RATE_RANGES[(statusWord >> 3) & 0x03],
      improperPosition: (statusWord & 0x20) !== 0,
    },
    specials,
  };
}

function numberOrNull(field, word, specials) {
  const decoded = sfloat(word);
  if ('special' in decoded) {
    specials[field] = decoded.special;
    return null;
  }
  return decoded.value;
}

/**
 * Decodes a PLX Continuous Measurement (0x2A5F). It carries no time stamp: the receiver's time is its time.
 *
 * @param {DataView|ArrayBufferView|ArrayBuffer} bytes the characteristic's value
 * @returns {object} `{characteristic: 0x2A5F, bytes (hex), usable, reasons, spo2, pulseRate, fast ({spo2,
 *     pulseRate} or null), slow (likewise), measurementStatus, deviceAndSensorStatus (each an object of named
 *     booleans, or null), pulseAmplitudeIndex, specials}`. Not usable when the normal SpO2 or pulse rate is a
 *     special value, when the statuses say the values are not the patient's now (unavailable, invalid,
 *     demonstration, testing, sensor off or broken), or when the data comes from the device's storage (no time).
 * @throws {Error} when the value is shorter or longer than its flags promise
 */
export function decodePlxContinuous(bytes) {
  const reader = new FieldReader(bytes, PLX_CONTINUOUS);
  const flags = reader.readFlags();
  const spo2Word = reader.uint16('SpO2');
  const pulseWord = reader.uint16('the pulse rate');
  const fastWords = flags & 0x01 ? [reader.uint16('SpO2 fast'), reader.uint16('pulse rate fast')] : null;
  const slowWords = flags & 0x02 ? [reader.uint16('SpO2 slow'), reader.uint16('pulse rate slow')] : null;
  const statusWord = flags & 0x04 ? reader.uint16('the measurement status') : null;
  const sensorWord = flags & 0x08 ? reader.uint24('the device and sensor status') : null;
  const paiWord = flags & 0x10 ? reader.uint16('the pulse amplitude index') : null;
  reader.end();

  const specials = {};
  const decoded = plxCommon(PLX_CONTINUOUS, reader, spo2Word, pulseWord, statusWord, sensorWord, paiWord, specials);
  const pair = (words, name) => words === null ? null : {
    spo2: numberOrNull(`${name}.spo2`, words[0], specials),
    pulseRate: numberOrNull(`${name}.pulseRate`, words[1], specials),
  };
  const fast = pair(fastWords, 'fast');
  const slow = pair(slowWords, 'slow');
  if (decoded.measurementStatus?.dataFromMeasurementStorage) {
    decoded.reasons.push('stored data without a time stamp');
  }
  return {
    characteristic: decoded.characteristic,
    bytes: decoded.bytes,
    usable: decoded.reasons.length === 0,
    reasons: decoded.reasons,
    spo2: decoded.spo2,
    pulseRate: decoded.pulseRate,
    fast,
    slow,
    measurementStatus: decoded.measurementStatus,
    deviceAndSensorStatus: decoded.deviceAndSensorStatus,
    pulseAmplitudeIndex: decoded.pulseAmplitudeIndex,
    specials,
  };
}

/**
 * Decodes a PLX Spot-check Measurement (0x2A5E).
 *
 * @param {DataView|ArrayBufferView|ArrayBuffer} bytes the characteristic's value
 * @returns {object} `{characteristic: 0x2A5E, bytes (hex), usable, reasons, spo2, pulseRate, timeStamp (as for
 *     blood pressure, or null), deviceClockNotSet, measurementStatus, deviceAndSensorStatus, pulseAmplitudeIndex,
 *     specials}`; usable as for the continuous measurement, except that stored data with a time stamp on a set
 *     clock is fine.
 * @throws {Error} when the value is shorter or longer than its flags promise
 */
export function decodePlxSpotCheck(bytes) {
  const reader = new FieldReader(bytes, PLX_SPOT_CHECK);
  const flags = reader.readFlags();
  const spo2Word = reader.uint16('SpO2');
  const pulseWord = reader.uint16('the pulse rate');
  const timeStamp = flags & 0x01 ? reader.dateTime('the time stamp') : null;
  const statusWord = flags & 0x02 ? reader.uint16('the measurement status') : null;
  const sensorWord = flags & 0x04 ? reader.uint24('the device and sensor status') : null;
  const paiWord = flags & 0x08 ? reader.uint16('the pulse amplitude index') : null;
  const deviceClockNotSet = (flags & 0x10) !== 0;
  reader.end();

  const specials = {};
  const decoded = plxCommon(PLX_SPOT_CHECK, reader, spo2Word, pulseWord, statusWord, sensorWord, paiWord, specials);
  const deviceTimeKnown = timeStamp !== null && timeStamp.known && !deviceClockNotSet;
  if (decoded.measurementStatus?.dataFromMeasurementStorage && !deviceTimeKnown) {
    decoded.reasons.push('stored data without a time stamp');
  }
  return {
    characteristic: decoded.characteristic,
    bytes: decoded.bytes,
    usable: decoded.reasons.length === 0,
    reasons: decoded.reasons,
    spo2: decoded.spo2,
    pulseRate: decoded.pulseRate,
    timeStamp,
    deviceClockNotSet,
    measurementStatus: decoded.measurementStatus,
    deviceAndSensorStatus: decoded.deviceAndSensorStatus,
    pulseAmplitudeIndex: decoded.pulseAmplitudeIndex,
    specials,
  };
}

function plxCommon(characteristic, reader, spo2Word, pulseWord, statusWord, sensorWord, paiWord, specials) {
  const reasons = [];
  const spo2 = numberOrNull('spo2', spo2Word, specials);
  const pulseRate = numberOrNull('pulseRate', pulseWord, specials);
  // The vitals API takes an oximeter's reading only with both values.
  if (spo2 === null) {
    reasons.push(`SpO2 is ${specials.spo2}`);
  }
  if (pulseRate === null) {
    reasons.push(`pulse rate is ${specials.pulseRate}`);
  }
  const measurementStatus = statusWord === null ? null : bitNames(statusWord, PLX_MEASUREMENT_STATUS);
  const deviceAndSensorStatus = sensorWord === null ? null : bitNames(sensorWord, PLX_DEVICE_AND_SENSOR_STATUS);
  for (const [group, status] of [['measurementStatus', measurementStatus],
    ['deviceAndSensorStatus', deviceAndSensorStatus]]) {
    for (const [name, reason] of Object.entries(PLX_NOT_A_MEASUREMENT[group])) {
      if (status?.[name]) {
        reasons.push(reason);
      }
    }
  }
  return {
    characteristic: characteristic.uuid,
    bytes: toHex(reader.bytes),
    reasons,
    spo2,
    pulseRate,
    measurementStatus,
    deviceAndSensorStatus,
    pulseAmplitudeIndex: paiWord === null ? null : numberOrNull('pulseAmplitudeIndex', paiWord, specials),
  };
}

/**
 * Maps a decoded measurement to the readings vitals-service takes (ReadingRequest, one item of
 * POST /sessions/{id}/readings/batch): none when it is not usable, else one.
 *
 * measuredAt is the device's time stamp when it has a known one on a set clock, read in the device's zone
 * (`utcOffsetMinutes`, default this runtime's zone at that time); otherwise `receivedAt` (always for PLX
 * continuous). `deviceTime` (the device clock read as the batch goes) is put only on readings timed by the device.
 *
 * readingId is `ble-<uuid>-` and the FNV-1a 64 hash (16 hex digits) of `<uuid>:<value in hex>`, followed by
 * `@<receivedAt in epoch ms>` when the receiver timed it: the same bytes received at the same instant give the same
 * id, so a replayed send is recognised; a cuff that indicates a stored, time-stamped measurement again on its next
 * connection gets the same id too; an oximeter's identical samples a second apart get different ones.
 *
 * @param {object} decoded what decodeBloodPressure, decodePlxContinuous or decodePlxSpotCheck returned
 * @param {{receivedAt: Date|string|number, utcOffsetMinutes?: number, deviceTime?: Date|string|number}} options
 * @returns {object[]} zero or one reading: `{readingId, systolic, diastolic, unit, heartRate?,
 *     measurementFlags?, measuredAt, deviceTime?}` for a cuff, `{readingId, spo2, heartRate, perfusionIndex?,
 *     measuredAt, deviceTime?}` for an oximeter; times as ISO-8601 instants
 */
export function toReadings(decoded, {receivedAt, utcOffsetMinutes, deviceTime} = {}) {
  const received = instant(receivedAt, 'receivedAt');
  if (utcOffsetMinutes !== undefined && !Number.isFinite(utcOffsetMinutes)) {
    throw new TypeError(`utcOffsetMinutes must be a number of minutes, not ${utcOffsetMinutes}`);
  }
  const deviceClock = deviceTime === undefined ? undefined : instant(deviceTime, 'deviceTime');
  if (!decoded || !decoded.usable) {
    return [];
  }
  let timedByDevice;
  switch (decoded.characteristic) {
    case BLOOD_PRESSURE.uuid:
      timedByDevice = decoded.timeStamp !== null && decoded.timeStamp.known;
      break;
    case PLX_SPOT_CHECK.uuid:
      timedByDevice = decoded.timeStamp !== null && decoded.timeStamp.known && !decoded.deviceClockNotSet;
      break;
    case PLX_CONTINUOUS.uuid:
      timedByDevice = false;
      break;
    default:
      throw new Error(`no reading for characteristic ${decoded.characteristic}`);
  }
  const measuredAt = timedByDevice ? deviceInstant(decoded.timeStamp, utcOffsetMinutes) : received;
  const reading = {readingId: readingId(decoded, timedByDevice ? null : received)};
  if (decoded.characteristic === BLOOD_PRESSURE.uuid) {
    // kPa goes as sent (vitals converts it); mmHg in whole mm[Hg], the only kind the API takes.
    reading.systolic = decoded.unit === 'kPa' ? decoded.systolic.value : decoded.systolic.mmHg;
    reading.diastolic = decoded.unit === 'kPa' ? decoded.diastolic.value : decoded.diastolic.mmHg;
    reading.unit = decoded.unit;
    if (decoded.pulseRate !== null) {
      reading.heartRate = Math.round(decoded.pulseRate);
    }
    const flags = decoded.status === null ? [] : CUFF_FLAGS.filter(([name]) => decoded.status[name])
      .map(([, flag]) => flag);
    if (flags.length > 0) {
      reading.measurementFlags = flags;
    }
  } else {
    reading.spo2 = Math.round(decoded.spo2);
    reading.heartRate = Math.round(decoded.pulseRate);
    const pai = decoded.pulseAmplitudeIndex;
    if (pai !== null && pai > 0 && pai <= PERFUSION_INDEX_MAX) {
      reading.perfusionIndex = pai;
    }
  }
  reading.measuredAt = measuredAt.toISOString();
  if (timedByDevice && deviceClock !== undefined) {
    reading.deviceTime = deviceClock.toISOString();
  }
  return [reading];
}

function instant(value, name) {
  const date = value instanceof Date ? new Date(value.getTime())
    : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    throw new TypeError(`${name} must be a Date, an ISO-8601 string or epoch milliseconds, not ${value}`);
  }
  return date;
}

function deviceInstant(t, utcOffsetMinutes) {
  if (utcOffsetMinutes === undefined) {
    return new Date(t.year, t.month - 1, t.day, t.hours, t.minutes, t.seconds);
  }
  return new Date(Date.UTC(t.year, t.month - 1, t.day, t.hours, t.minutes, t.seconds) - utcOffsetMinutes * 60_000);
}

function readingId(decoded, receivedAt) {
  const text = `${decoded.characteristic.toString(16)}:${decoded.bytes}`
    + (receivedAt === null ? '' : `@${receivedAt.getTime()}`);
  return `ble-${hex4(decoded.characteristic).toLowerCase()}-${fnv1a64(text)}`;
}

/** FNV-1a, 64-bit: tiny, synchronous and stable across runtimes, which is all an id needs (not a secret). */
function fnv1a64(text) {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
