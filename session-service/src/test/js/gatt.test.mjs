// The phone app's Bluetooth decoder (src/main/resources/META-INF/resources/app/gatt.mjs), run by `node --test`
// in session-service's Maven test phase. Vectors from docs shared with ingest and the simulator (device-protocols.md).
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {
  decodeBloodPressure,
  decodePlxContinuous,
  decodePlxSpotCheck,
  sfloat,
  toReadings,
} from '../../main/resources/META-INF/resources/app/gatt.mjs';

/** 'A0 F0' -> Uint8Array [0xA0, 0xF0] */
function hex(text) {
  const parts = text.split(/\s+/).filter(Boolean);
  for (const p of parts) {
    assert.match(p, /^[0-9A-Fa-f]{2}$/, `test data: ${p} is not a byte`);
  }
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/** A 16-bit word as it goes on the wire: little-endian. */
function le(word) {
  return `${(word & 0xFF).toString(16).padStart(2, '0')} ${(word >> 8).toString(16).padStart(2, '0')}`;
}

const SPECIALS = [
  [0x07FF, 'NaN'],
  [0x0800, 'NRes'],
  [0x07FE, '+INFINITY'],
  [0x0802, '-INFINITY'],
  [0x0801, 'reserved'],
];

const RECEIVED_AT = '2026-11-27T15:31:07.250Z';

describe('sfloat', () => {
  const values = [
    [0x0078, 120, '120 mmHg'],
    [0xF0A0, 16, '16.0 kPa: mantissa 160, exponent -1'],
    [0x0FFB, -5, 'negative mantissa, exponent 0'],
    [0xF06B, 10.7, 'no float noise (not 10.700000000000001)'],
    [0xF07D, 12.5, '12.5 kPa'],
    [0xF019, 2.5, 'a pulse amplitude index'],
    [0xFFFF, -0.1, 'negative mantissa and exponent'],
    [0xFC18, -100, 'mantissa -1000, exponent -1'],
    [0xE0C1, 1.93, 'exponent -2'],
    [0x8001, 1e-8, 'smallest exponent, -8'],
    [0x7001, 1e7, 'largest exponent, 7'],
    [0x1001, 10, 'positive exponent'],
    [0x0000, 0, 'zero'],
    [0x07FD, 2045, 'largest mantissa that is no special value'],
    [0x0803, -2045, 'smallest mantissa that is no special value'],
    [0x17FF, 20470, 'mantissa 0x7FF with exponent 1 is a number: only the whole word 0x07FF is NaN'],
    [0xF800, -204.8, 'mantissa 0x800 with exponent -1 is a number'],
  ];
  for (const [word, value, why] of values) {
    test(`0x${word.toString(16).padStart(4, '0')} is ${value} (${why})`, () => {
      assert.deepEqual(sfloat(word), {value});
    });
  }
  for (const [word, special] of SPECIALS) {
    test(`0x${word.toString(16).padStart(4, '0')} is ${special}, not a number`, () => {
      assert.deepEqual(sfloat(word), {special});
    });
  }
  for (const word of [-1, 0x10000, 1.5, '0x0078', null]) {
    test(`refuses ${word} as a word`, () => {
      assert.throws(() => sfloat(word), RangeError);
    });
  }
});

describe('blood pressure (0x2A35)', () => {
  test('vector: mmHg with time stamp, pulse and status: 120/80, MAP 93, 2026-11-27 15:30, pulse 72, irregular pulse', () => {
    assert.deepEqual(decodeBloodPressure(hex('16 78 00 50 00 5D 00 EA 07 0B 1B 0F 1E 00 48 00 04 00')), {
      characteristic: 0x2A35,
      bytes: '16780050005d00ea070b1b0f1e0048000400',
      usable: true,
      reasons: [],
      unit: 'mmHg',
      systolic: {value: 120, mmHg: 120},
      diastolic: {value: 80, mmHg: 80},
      meanArterialPressure: {value: 93, mmHg: 93},
      timeStamp: {
        year: 2026, month: 11, day: 27, hours: 15, minutes: 30, seconds: 0, known: true,
        iso: '2026-11-27T15:30:00',
      },
      pulseRate: 72,
      userId: null,
      status: {
        bodyMovement: false, cuffTooLoose: false, irregularPulse: true, pulseRateRange: 'in-range',
        improperPosition: false,
      },
      specials: {},
    });
  });

  test('vector: kPa without options: 16.0 / 10.7 kPa, MAP 12.5 kPa = 120 / 80 mmHg, MAP 94', () => {
    assert.deepEqual(decodeBloodPressure(hex('01 A0 F0 6B F0 7D F0')), {
      characteristic: 0x2A35,
      bytes: '01a0f06bf07df0',
      usable: true,
      reasons: [],
      unit: 'kPa',
      systolic: {value: 16, mmHg: 120},
      diastolic: {value: 10.7, mmHg: 80},
      meanArterialPressure: {value: 12.5, mmHg: 94},
      timeStamp: null,
      pulseRate: null,
      userId: null,
      status: null,
      specials: {},
    });
  });

  test('vector: 182/121, MAP NaN (absent), pulse 104, body movement and cuff too loose', () => {
    assert.deepEqual(decodeBloodPressure(hex('14 B6 00 79 00 FF 07 68 00 03 00')), {
      characteristic: 0x2A35,
      bytes: '14b6007900ff0768000300',
      usable: true,
      reasons: [],
      unit: 'mmHg',
      systolic: {value: 182, mmHg: 182},
      diastolic: {value: 121, mmHg: 121},
      meanArterialPressure: null,
      timeStamp: null,
      pulseRate: 104,
      userId: null,
      status: {
        bodyMovement: true, cuffTooLoose: true, irregularPulse: false, pulseRateRange: 'in-range',
        improperPosition: false,
      },
      specials: {meanArterialPressure: 'NaN'},
    });
  });

  test('user ID', () => {
    assert.equal(decodeBloodPressure(hex('08 78 00 50 00 5D 00 02')).userId, 2);
    assert.equal(decodeBloodPressure(hex('08 78 00 50 00 5D 00 FF')).userId, 255);
  });

  describe('kPa to whole mmHg, half up as vitals-service rounds', () => {
    const cases = [
      [0xF0A0, 16, 120],
      [0xF06B, 10.7, 80],
      [0xF07D, 12.5, 94],
      [0xF001, 0.1, 1],
      [0xF006, 0.6, 5], // 4.500372
      [0xF0C8, 20, 150],
      [0xF7FF, 204.7, 1535],
      [0xFFFF, -0.1, -1],
      [0xE0C1, 1.93, 14], // 14.4761966
      [0xE0CF, 2.07, 16], // 15.5262834
    ];
    for (const [word, kPa, mmHg] of cases) {
      test(`${kPa} kPa is ${mmHg} mmHg`, () => {
        const decoded = decodeBloodPressure(hex(`01 ${le(word)} ${le(word)} ${le(word)}`));
        assert.deepEqual(decoded.systolic, {value: kPa, mmHg});
        assert.deepEqual(decoded.meanArterialPressure, {value: kPa, mmHg});
      });
    }
    for (const [word, value, mmHg] of [[0xF4B5, 120.5, 121], [0xF4B4, 120.4, 120], [0xFB4B, -120.5, -121]]) {
      test(`${value} mmHg is ${mmHg} whole mmHg`, () => {
        assert.deepEqual(decodeBloodPressure(hex(`00 ${le(word)} 50 00 5D 00`)).systolic, {value, mmHg});
      });
    }
  });

  describe('special values', () => {
    for (const [word, special] of SPECIALS) {
      for (const field of ['systolic', 'diastolic']) {
        test(`${special} ${field} makes the measurement unusable`, () => {
          const words = field === 'systolic' ? [word, 0x0050] : [0x0078, word];
          const decoded = decodeBloodPressure(hex(`04 ${le(words[0])} ${le(words[1])} 5D 00 48 00`));
          assert.equal(decoded.usable, false);
          assert.deepEqual(decoded.reasons, [`${field} is ${special}`]);
          assert.equal(decoded[field], null);
          assert.deepEqual(decoded.specials, {[field]: special});
          assert.equal(decoded.pulseRate, 72);
          assert.deepEqual(toReadings(decoded, {receivedAt: RECEIVED_AT}), []);
        });
      }
      test(`${special} MAP is absent; the measurement stands`, () => {
        const decoded = decodeBloodPressure(hex(`00 78 00 50 00 ${le(word)}`));
        assert.equal(decoded.usable, true);
        assert.equal(decoded.meanArterialPressure, null);
        assert.deepEqual(decoded.specials, {meanArterialPressure: special});
        assert.equal(toReadings(decoded, {receivedAt: RECEIVED_AT}).length, 1);
      });
      test(`${special} pulse rate is absent; the measurement stands without heart rate`, () => {
        const decoded = decodeBloodPressure(hex(`04 78 00 50 00 5D 00 ${le(word)}`));
        assert.equal(decoded.usable, true);
        assert.equal(decoded.pulseRate, null);
        assert.deepEqual(decoded.specials, {pulseRate: special});
        const [reading] = toReadings(decoded, {receivedAt: RECEIVED_AT});
        assert.equal('heartRate' in reading, false);
      });
    }
    test('both pressures special: both reasons', () => {
      const decoded = decodeBloodPressure(hex('00 FF 07 00 08 5D 00'));
      assert.deepEqual(decoded.reasons, ['systolic is NaN', 'diastolic is NRes']);
    });
  });

  describe('measurement status, bit by bit', () => {
    const none = {
      bodyMovement: false, cuffTooLoose: false, irregularPulse: false, pulseRateRange: 'in-range',
      improperPosition: false,
    };
    const cases = [
      [0x0000, {}],
      [0x0001, {bodyMovement: true}],
      [0x0002, {cuffTooLoose: true}],
      [0x0004, {irregularPulse: true}],
      [0x0008, {pulseRateRange: 'above'}],
      [0x0010, {pulseRateRange: 'below'}],
      [0x0018, {pulseRateRange: 'reserved'}],
      [0x0020, {improperPosition: true}],
      [0xFFC0, {}], // reserved bits
      [0x003F, {
        bodyMovement: true, cuffTooLoose: true, irregularPulse: true, pulseRateRange: 'reserved',
        improperPosition: true,
      }],
    ];
    for (const [word, set] of cases) {
      test(`status 0x${word.toString(16).padStart(4, '0')}`, () => {
        assert.deepEqual(decodeBloodPressure(hex(`10 78 00 50 00 5D 00 ${le(word)}`)).status,
          {...none, ...set});
      });
    }
  });

  describe('time stamp', () => {
    const cases = [
      ['EA 07 0B 1B 0F 1E 00', true, '2026-11-27T15:30:00'],
      ['EA 07 01 02 03 04 05', true, '2026-01-02T03:04:05'],
      ['E8 07 02 1D 17 3B 3B', true, '2024-02-29T23:59:59'],
      ['00 00 0B 1B 0F 1E 00', false, null], // year not known
      ['EA 07 00 1B 0F 1E 00', false, null], // month not known
      ['EA 07 0B 00 0F 1E 00', false, null], // day not known
      ['EA 07 02 1D 0F 1E 00', false, null], // 29 February 2026 does not exist
      ['EA 07 0D 01 0F 1E 00', false, null], // month 13
      ['EA 07 0B 1B 18 1E 00', false, null], // hour 24
    ];
    for (const [bytes, known, iso] of cases) {
      test(`${bytes}: ${iso ?? 'not known'}`, () => {
        const t = decodeBloodPressure(hex(`02 78 00 50 00 5D 00 ${bytes}`)).timeStamp;
        assert.equal(t.known, known);
        assert.equal(t.iso, iso);
      });
    }
    test('keeps the parts of a time stamp that is not known', () => {
      assert.deepEqual(decodeBloodPressure(hex('02 78 00 50 00 5D 00 00 00 0B 1B 0F 1E 00')).timeStamp, {
        year: 0, month: 11, day: 27, hours: 15, minutes: 30, seconds: 0, known: false, iso: null,
      });
    });
  });
});

describe('PLX continuous (0x2A5F)', () => {
  test('vector: SpO2 97 %, pulse 68', () => {
    assert.deepEqual(decodePlxContinuous(hex('00 61 00 44 00')), {
      characteristic: 0x2A5F,
      bytes: '0061004400',
      usable: true,
      reasons: [],
      spo2: 97,
      pulseRate: 68,
      fast: null,
      slow: null,
      measurementStatus: null,
      deviceAndSensorStatus: null,
      pulseAmplitudeIndex: null,
      specials: {},
    });
  });

  test('vector: status 0 and pulse amplitude index 2.5: SpO2 88 %, pulse 54', () => {
    const decoded = decodePlxContinuous(hex('14 58 00 36 00 00 00 19 F0'));
    assert.equal(decoded.usable, true);
    assert.equal(decoded.spo2, 88);
    assert.equal(decoded.pulseRate, 54);
    assert.equal(decoded.pulseAmplitudeIndex, 2.5);
    assert.equal(Object.values(decoded.measurementStatus).some(Boolean), false);
    assert.equal(decoded.deviceAndSensorStatus, null);
  });

  test('vector: SpO2 NRes is no value, pulse 70: not usable', () => {
    const decoded = decodePlxContinuous(hex('00 00 08 46 00'));
    assert.equal(decoded.usable, false);
    assert.deepEqual(decoded.reasons, ['SpO2 is NRes']);
    assert.equal(decoded.spo2, null);
    assert.equal(decoded.pulseRate, 70);
    assert.deepEqual(decoded.specials, {spo2: 'NRes'});
    assert.deepEqual(toReadings(decoded, {receivedAt: RECEIVED_AT}), []);
  });

  test('every optional field: fast, slow, status, device and sensor status, pulse amplitude index', () => {
    const decoded = decodePlxContinuous(hex('1F 61 00 44 00 62 00 45 00 60 00 43 00 80 00 10 00 00 F0 F0'));
    assert.deepEqual(decoded.fast, {spo2: 98, pulseRate: 69});
    assert.deepEqual(decoded.slow, {spo2: 96, pulseRate: 67});
    assert.equal(decoded.measurementStatus.validatedData, true);
    assert.equal(decoded.deviceAndSensorStatus.poorSignalDetected, true);
    assert.equal(decoded.pulseAmplitudeIndex, 24);
    assert.equal(decoded.usable, true);
  });

  describe('special values', () => {
    for (const [word, special] of SPECIALS) {
      test(`${special} SpO2: not usable`, () => {
        const decoded = decodePlxContinuous(hex(`00 ${le(word)} 44 00`));
        assert.equal(decoded.usable, false);
        assert.deepEqual(decoded.reasons, [`SpO2 is ${special}`]);
        assert.equal(decoded.spo2, null);
      });
      test(`${special} pulse rate: not usable (vitals takes an oximeter's reading only with both)`, () => {
        const decoded = decodePlxContinuous(hex(`00 61 00 ${le(word)}`));
        assert.equal(decoded.usable, false);
        assert.deepEqual(decoded.reasons, [`pulse rate is ${special}`]);
        assert.equal(decoded.pulseRate, null);
        assert.equal(decoded.spo2, 97);
      });
      test(`${special} fast SpO2 and pulse amplitude index are absent`, () => {
        const decoded = decodePlxContinuous(hex(`11 61 00 44 00 ${le(word)} 45 00 ${le(word)}`));
        assert.equal(decoded.usable, true);
        assert.deepEqual(decoded.fast, {spo2: null, pulseRate: 69});
        assert.equal(decoded.pulseAmplitudeIndex, null);
        assert.deepEqual(decoded.specials, {'fast.spo2': special, pulseAmplitudeIndex: special});
        assert.equal('perfusionIndex' in toReadings(decoded, {receivedAt: RECEIVED_AT})[0], false);
      });
    }
  });

  describe('measurement status, bit by bit', () => {
    const cases = [
      [5, 'measurementOngoing', null],
      [6, 'earlyEstimatedData', null],
      [7, 'validatedData', null],
      [8, 'fullyQualifiedData', null],
      [9, 'dataFromMeasurementStorage', 'stored data without a time stamp'],
      [10, 'dataForDemonstration', 'data for demonstration'],
      [11, 'dataForTesting', 'data for testing'],
      [12, 'calibrationOngoing', null],
      [13, 'measurementUnavailable', 'measurement unavailable'],
      [14, 'questionableMeasurementDetected', null],
      [15, 'invalidMeasurementDetected', 'invalid measurement detected'],
    ];
    for (const [bit, name, reason] of cases) {
      test(`bit ${bit}: ${name}${reason ? ', not usable' : ''}`, () => {
        const decoded = decodePlxContinuous(hex(`04 61 00 44 00 ${le(1 << bit)}`));
        const set = Object.entries(decoded.measurementStatus).filter(([, on]) => on).map(([n]) => n);
        assert.deepEqual(set, [name]);
        assert.equal(decoded.usable, reason === null);
        assert.deepEqual(decoded.reasons, reason === null ? [] : [reason]);
      });
    }
    test('reserved bits 0-4 name nothing', () => {
      const decoded = decodePlxContinuous(hex('04 61 00 44 00 1F 00'));
      assert.equal(Object.values(decoded.measurementStatus).some(Boolean), false);
      assert.equal(decoded.usable, true);
    });
  });

  describe('device and sensor status, bit by bit', () => {
    const cases = [
      [0, 'extendedDisplayUpdateOngoing', null],
      [1, 'equipmentMalfunctionDetected', 'equipment malfunction detected'],
      [2, 'signalProcessingIrregularityDetected', null],
      [3, 'inadequateSignalDetected', null],
      [4, 'poorSignalDetected', null],
      [5, 'lowPerfusionDetected', null],
      [6, 'erraticSignalDetected', null],
      [7, 'nonpulsatileSignalDetected', null],
      [8, 'questionablePulseDetected', null],
      [9, 'signalAnalysisOngoing', null],
      [10, 'sensorInterferenceDetected', null],
      [11, 'sensorUnconnectedToUser', 'sensor unconnected to user'],
      [12, 'unknownSensorConnected', null],
      [13, 'sensorDisplaced', null],
      [14, 'sensorMalfunctioning', 'sensor malfunctioning'],
      [15, 'sensorDisconnected', 'sensor disconnected'],
    ];
    for (const [bit, name, reason] of cases) {
      test(`bit ${bit}: ${name}${reason ? ', not usable' : ''}`, () => {
        const decoded = decodePlxContinuous(hex(`08 61 00 44 00 ${le(1 << bit)} 00`));
        const set = Object.entries(decoded.deviceAndSensorStatus).filter(([, on]) => on).map(([n]) => n);
        assert.deepEqual(set, [name]);
        assert.equal(decoded.usable, reason === null);
        assert.deepEqual(decoded.reasons, reason === null ? [] : [reason]);
      });
    }
    test('the third byte (bits 16-23, reserved) is read and names nothing', () => {
      const decoded = decodePlxContinuous(hex('08 61 00 44 00 00 00 FF'));
      assert.equal(Object.values(decoded.deviceAndSensorStatus).some(Boolean), false);
    });
  });
});

describe('PLX spot-check (0x2A5E)', () => {
  test('its own layout: time stamp, status, device and sensor status, pulse amplitude index', () => {
    assert.deepEqual(decodePlxSpotCheck(hex('0F 5F 00 48 00 EA 07 0B 1B 0F 1E 00 80 00 20 00 00 0F F0')), {
      characteristic: 0x2A5E,
      bytes: '0f5f004800ea070b1b0f1e0080002000000ff0',
      usable: true,
      reasons: [],
      spo2: 95,
      pulseRate: 72,
      timeStamp: {
        year: 2026, month: 11, day: 27, hours: 15, minutes: 30, seconds: 0, known: true,
        iso: '2026-11-27T15:30:00',
      },
      deviceClockNotSet: false,
      measurementStatus: {
        measurementOngoing: false, earlyEstimatedData: false, validatedData: true, fullyQualifiedData: false,
        dataFromMeasurementStorage: false, dataForDemonstration: false, dataForTesting: false,
        calibrationOngoing: false, measurementUnavailable: false, questionableMeasurementDetected: false,
        invalidMeasurementDetected: false,
      },
      deviceAndSensorStatus: {
        extendedDisplayUpdateOngoing: false, equipmentMalfunctionDetected: false,
        signalProcessingIrregularityDetected: false, inadequateSignalDetected: false, poorSignalDetected: false,
        lowPerfusionDetected: true, erraticSignalDetected: false, nonpulsatileSignalDetected: false,
        questionablePulseDetected: false, signalAnalysisOngoing: false, sensorInterferenceDetected: false,
        sensorUnconnectedToUser: false, unknownSensorConnected: false, sensorDisplaced: false,
        sensorMalfunctioning: false, sensorDisconnected: false,
      },
      pulseAmplitudeIndex: 1.5,
      specials: {},
    });
  });

  test('flags bits differ from the continuous measurement: bit 2 is device status here, not measurement status', () => {
    const decoded = decodePlxSpotCheck(hex('04 5F 00 48 00 00 80 00'));
    assert.equal(decoded.measurementStatus, null);
    assert.equal(decoded.deviceAndSensorStatus.sensorDisconnected, true);
  });

  test('SpO2 and pulse only', () => {
    const decoded = decodePlxSpotCheck(hex('00 5F 00 48 00'));
    assert.equal(decoded.spo2, 95);
    assert.equal(decoded.pulseRate, 72);
    assert.equal(decoded.timeStamp, null);
    assert.equal(decoded.deviceClockNotSet, false);
  });

  test('device clock not set', () => {
    const decoded = decodePlxSpotCheck(hex('11 5F 00 48 00 D0 07 01 01 00 00 00'));
    assert.equal(decoded.deviceClockNotSet, true);
    assert.equal(decoded.timeStamp.iso, '2000-01-01T00:00:00');
    assert.equal(decoded.usable, true);
  });

  const storage = le(1 << 9);
  const storedCases = [
    ['with a time stamp on a set clock', `03 5F 00 48 00 EA 07 0B 1B 0F 1E 00 ${storage}`, true],
    ['without a time stamp', `02 5F 00 48 00 ${storage}`, false],
    ['with a time stamp from a clock not set', `13 5F 00 48 00 EA 07 0B 1B 0F 1E 00 ${storage}`, false],
    ['with a time stamp not known', `03 5F 00 48 00 00 00 00 00 00 00 00 ${storage}`, false],
  ];
  for (const [why, bytes, usable] of storedCases) {
    test(`stored data ${why}: ${usable ? 'usable' : 'not usable'}`, () => {
      const decoded = decodePlxSpotCheck(hex(bytes));
      assert.equal(decoded.usable, usable);
      assert.deepEqual(decoded.reasons, usable ? [] : ['stored data without a time stamp']);
    });
  }

  for (const [word, special] of SPECIALS) {
    test(`${special} SpO2: not usable`, () => {
      const decoded = decodePlxSpotCheck(hex(`00 ${le(word)} 48 00`));
      assert.equal(decoded.usable, false);
      assert.deepEqual(decoded.reasons, [`SpO2 is ${special}`]);
    });
  }
});

describe('short and long values', () => {
  // Each value carries every optional field; a value cut inside a field names that field.
  const cases = [
    [decodeBloodPressure, '0x2A35', [
      ['1E', 'the flags'], ['78 00', 'systolic'], ['50 00', 'diastolic'], ['5D 00', 'mean arterial pressure'],
      ['EA 07 0B 1B 0F 1E 00', 'the time stamp'], ['48 00', 'the pulse rate'], ['01', 'the user ID'],
      ['04 00', 'the measurement status'],
    ], 0x1E],
    [decodePlxContinuous, '0x2A5F', [
      ['1F', 'the flags'], ['61 00', 'SpO2'], ['44 00', 'the pulse rate'], ['62 00', 'SpO2 fast'],
      ['45 00', 'pulse rate fast'], ['60 00', 'SpO2 slow'], ['43 00', 'pulse rate slow'],
      ['80 00', 'the measurement status'], ['10 00 00', 'the device and sensor status'],
      ['19 F0', 'the pulse amplitude index'],
    ], 0x1F],
    [decodePlxSpotCheck, '0x2A5E', [
      ['0F', 'the flags'], ['5F 00', 'SpO2'], ['48 00', 'the pulse rate'],
      ['EA 07 0B 1B 0F 1E 00', 'the time stamp'], ['80 00', 'the measurement status'],
      ['20 00 00', 'the device and sensor status'], ['0F F0', 'the pulse amplitude index'],
    ], 0x0F],
  ];
  for (const [decode, uuid, fields, flags] of cases) {
    const full = fields.map(([bytes]) => bytes).join(' ');
    const length = hex(full).length;
    test(`${uuid}: the whole value decodes`, () => {
      assert.doesNotThrow(() => decode(hex(full)));
    });
    for (let cut = 0; cut < length; cut++) {
      // The field that the cut falls in: the first whose end is beyond the cut.
      let end = 0;
      const [, missing] = fields.find(([bytes]) => (end += hex(bytes).length) > cut);
      test(`${uuid} cut to ${cut} of ${length} bytes: missing ${missing}`, () => {
        const flagsText = cut === 0 ? '' : `; flags 0x${flags.toString(16).padStart(2, '0').toUpperCase()}`;
        assert.throws(() => decode(hex(full).subarray(0, cut)), (e) => {
          assert.ok(e instanceof Error);
          assert.ok(e.message.includes(`(${uuid}) is truncated after ${cut} byte(s): missing ${missing} (`),
            e.message);
          assert.ok(e.message.endsWith(`${flagsText})`), e.message);
          return true;
        });
      });
    }
    test(`${uuid}: a byte more than the flags account for is refused`, () => {
      assert.throws(() => decode(hex(`${full} 00`)),
        new RegExp(`\\(${uuid}\\) is too long: the flags \\(0x${flags.toString(16).padStart(2, '0')
          .toUpperCase()}\\) account for ${length} byte\\(s\\), but the value has ${length + 1}`));
    });
  }
  test('a flag promising an absent field: the measurement status of a cuff that sent none', () => {
    assert.throws(() => decodeBloodPressure(hex('10 78 00 50 00 5D 00')),
      /0x2A35\) is truncated after 7 byte\(s\): missing the measurement status \(bytes 7-8; flags 0x10\)/);
  });
  test('never reads past a DataView that is a window into a larger buffer', () => {
    const buffer = hex('FF 00 61 00 44 00 04 00 EE').buffer;
    assert.deepEqual(decodePlxContinuous(new DataView(buffer, 1, 5)).spo2, 97);
    assert.throws(() => decodePlxContinuous(new DataView(buffer, 1, 4)), /missing the pulse rate/);
    assert.equal(decodePlxContinuous(hex('00 61 00 44 00').buffer).pulseRate, 68);
  });
  test('refuses what is not bytes', () => {
    assert.throws(() => decodeBloodPressure('16 78 00'), TypeError);
    assert.throws(() => decodeBloodPressure(null), TypeError);
  });
});

describe('toReadings', () => {
  // The keys vitals-service's ReadingRequest record takes: it refuses unknown properties.
  const requestSource = readFileSync(new URL(
    '../../../../vitals-service/src/main/java/care/ketamine/vitals/reading/ReadingRequest.java', import.meta.url), 'utf8');
  const requestKeys = [...requestSource.matchAll(
    /^\s*(?:String|BigDecimal|Integer|Double|Instant|List<String>)\s+(\w+)[,)]/gm)].map((m) => m[1]);

  test('the ReadingRequest record was found and read', () => {
    assert.ok(requestKeys.includes('readingId') && requestKeys.includes('measuredAt')
      && requestKeys.includes('perfusionIndex'), requestKeys.join());
  });

  const bpStamped = decodeBloodPressure(hex('16 78 00 50 00 5D 00 EA 07 0B 1B 0F 1E 00 48 00 04 00'));
  const bpKpa = decodeBloodPressure(hex('01 A0 F0 6B F0 7D F0'));
  const bpFlags = decodeBloodPressure(hex('14 B6 00 79 00 FF 07 68 00 03 00'));
  const plx = decodePlxContinuous(hex('00 61 00 44 00'));
  const plxPai = decodePlxContinuous(hex('14 58 00 36 00 00 00 19 F0'));
  const spot = decodePlxSpotCheck(hex('0F 5F 00 48 00 EA 07 0B 1B 0F 1E 00 80 00 20 00 00 0F F0'));
  const spotClockNotSet = decodePlxSpotCheck(hex('11 5F 00 48 00 D0 07 01 01 00 00 00'));

  const cases = [
    ['cuff with time stamp: the device time in its zone (UTC+1), pulse, irregular pulse', bpStamped,
      {utcOffsetMinutes: 60, deviceTime: '2026-11-27T15:31:00Z'}, {
        systolic: 120, diastolic: 80, unit: 'mmHg', heartRate: 72, measurementFlags: ['irregular-pulse'],
        measuredAt: '2026-11-27T14:30:00.000Z', deviceTime: '2026-11-27T15:31:00.000Z',
      }],
    ['cuff with time stamp west of UTC', bpStamped, {utcOffsetMinutes: -300}, {
      systolic: 120, diastolic: 80, unit: 'mmHg', heartRate: 72, measurementFlags: ['irregular-pulse'],
      measuredAt: '2026-11-27T20:30:00.000Z',
    }],
    ['cuff in kPa: as sent, vitals converts; no time stamp: the receiver\'s time; no deviceTime', bpKpa,
      {deviceTime: '2026-11-27T15:31:00Z'}, {
        systolic: 16, diastolic: 10.7, unit: 'kPa', measuredAt: '2026-11-27T15:31:07.250Z',
      }],
    ['cuff status: body movement and cuff fit loose', bpFlags, {}, {
      systolic: 182, diastolic: 121, unit: 'mmHg', heartRate: 104,
      measurementFlags: ['body-movement', 'cuff-fit-loose'], measuredAt: '2026-11-27T15:31:07.250Z',
    }],
    ['oximeter: the receiver\'s time', plx, {deviceTime: '2026-11-27T15:31:00Z'}, {
      spo2: 97, heartRate: 68, measuredAt: '2026-11-27T15:31:07.250Z',
    }],
    ['oximeter: pulse amplitude index as perfusion index', plxPai, {}, {
      spo2: 88, heartRate: 54, perfusionIndex: 2.5, measuredAt: '2026-11-27T15:31:07.250Z',
    }],
    ['spot-check with time stamp', spot, {utcOffsetMinutes: 0}, {
      spo2: 95, heartRate: 72, perfusionIndex: 1.5, measuredAt: '2026-11-27T15:30:00.000Z',
    }],
    ['spot-check from a clock not set: the receiver\'s time', spotClockNotSet, {utcOffsetMinutes: 0}, {
      spo2: 95, heartRate: 72, measuredAt: '2026-11-27T15:31:07.250Z',
    }],
  ];
  for (const [why, decoded, options, expected] of cases) {
    test(why, () => {
      const readings = toReadings(decoded, {receivedAt: RECEIVED_AT, ...options});
      assert.equal(readings.length, 1);
      const {readingId, ...rest} = readings[0];
      assert.deepEqual(rest, expected);
      assert.match(readingId, new RegExp(`^ble-${decoded.characteristic.toString(16)}-[0-9a-f]{16}$`));
      for (const key of Object.keys(readings[0])) {
        assert.ok(requestKeys.includes(key), `${key} is not a ReadingRequest field`);
      }
    });
  }

  test('whole numbers for heart rate, SpO2 and mmHg; kPa keeps its decimals', () => {
    const [cuff] = toReadings(decodeBloodPressure(hex(`04 ${le(0xF4B5)} ${le(0xF320)} 5D 00 ${le(0xF2D5)}`)),
      {receivedAt: RECEIVED_AT});
    assert.deepEqual([cuff.systolic, cuff.diastolic, cuff.heartRate], [121, 80, 73]); // 120.5, 80.0, 72.5
    const [oximeter] = toReadings(decodePlxContinuous(hex(`00 ${le(0xF3C7)} ${le(0xF2CF)}`)),
      {receivedAt: RECEIVED_AT});
    assert.deepEqual([oximeter.spo2, oximeter.heartRate], [97, 72]); // 96.7, 71.9
  });

  for (const [pai, sent] of [[0x0000, false], [0x00C8, false], [0x0014, true], [0xF001, true]]) {
    test(`pulse amplitude index ${sfloat(pai).value}: ${sent ? 'sent' : 'left out (vitals takes above 0 to 20 %)'}`, () => {
      const [reading] = toReadings(decodePlxContinuous(hex(`10 61 00 44 00 ${le(pai)}`)), {receivedAt: RECEIVED_AT});
      assert.equal('perfusionIndex' in reading, sent);
    });
  }

  test('nothing for an unusable measurement', () => {
    for (const bytes of ['00 FF 07 50 00 5D 00', '00 78 00 00 08 5D 00']) {
      assert.deepEqual(toReadings(decodeBloodPressure(hex(bytes)), {receivedAt: RECEIVED_AT}), []);
    }
    assert.deepEqual(toReadings(decodePlxContinuous(hex(`04 61 00 44 00 ${le(1 << 10)}`)),
      {receivedAt: RECEIVED_AT}), []);
  });

  test('a cuff\'s time stamp with no offset given is read in this runtime\'s zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      assert.equal(toReadings(bpStamped, {receivedAt: RECEIVED_AT})[0].measuredAt, '2026-11-27T20:30:00.000Z');
      process.env.TZ = 'Europe/Berlin';
      assert.equal(toReadings(bpStamped, {receivedAt: RECEIVED_AT})[0].measuredAt, '2026-11-27T14:30:00.000Z');
    } finally {
      if (saved === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = saved;
      }
    }
  });

  test('receivedAt is required and must be a time; the offset must be a number', () => {
    assert.throws(() => toReadings(plx, {}), /receivedAt must be/);
    assert.throws(() => toReadings(plx, {receivedAt: 'yesterday'}), /receivedAt must be/);
    assert.throws(() => toReadings(plx, {receivedAt: RECEIVED_AT, utcOffsetMinutes: '60'}), /utcOffsetMinutes/);
    assert.throws(() => toReadings(plx, {receivedAt: RECEIVED_AT, deviceTime: 'soon'}), /deviceTime must be/);
  });

  describe('stable reading ids', () => {
    const id = (decoded, receivedAt) => toReadings(decoded, {receivedAt})[0].readingId;
    const again = (decoded) => (decoded.characteristic === 0x2A35 ? decodeBloodPressure
      : decoded.characteristic === 0x2A5F ? decodePlxContinuous : decodePlxSpotCheck)(hex(
      decoded.bytes.match(/../g).join(' ')));
    const later = '2026-11-27T15:31:08.250Z';
    const rows = [
      // [what, first, second, same id?]
      ['same bytes decoded again, same receivedAt (a replayed send)', [plx, RECEIVED_AT], [again(plx), RECEIVED_AT], true],
      ['same instant as a Date, a string and epoch ms', [plx, new Date(RECEIVED_AT)], [plx, Date.parse(RECEIVED_AT)], true],
      ['an oximeter\'s identical sample a second later', [plx, RECEIVED_AT], [plx, later], false],
      ['a cuff without time stamp, the same bytes later', [bpKpa, RECEIVED_AT], [bpKpa, later], false],
      ['a cuff\'s time-stamped measurement indicated again later', [bpStamped, RECEIVED_AT], [again(bpStamped), later], true],
      ['a spot-check time-stamped on a set clock, indicated again later', [spot, RECEIVED_AT], [spot, later], true],
      ['a spot-check from a clock not set, later', [spotClockNotSet, RECEIVED_AT], [spotClockNotSet, later], false],
      ['different bytes at the same instant', [plx, RECEIVED_AT], [plxPai, RECEIVED_AT], false],
      ['the same bytes from another characteristic', [decodePlxContinuous(hex('00 5F 00 48 00')), RECEIVED_AT],
        [decodePlxSpotCheck(hex('00 5F 00 48 00')), RECEIVED_AT], false],
    ];
    for (const [what, [a, atA], [b, atB], same] of rows) {
      test(`${what}: ${same ? 'same id' : 'different ids'}`, () => {
        if (same) {
          assert.equal(id(a, atA), id(b, atB));
        } else {
          assert.notEqual(id(a, atA), id(b, atB));
        }
      });
    }
    test('the id is fixed across releases: FNV-1a 64 of "<uuid>:<hex bytes>[@<receivedAt epoch ms>]"', () => {
      // Values checked with an independent FNV-1a implementation; a change here re-sends old readings as new.
      assert.equal(id(plx, RECEIVED_AT), 'ble-2a5f-d3047fa070ad6f5f'); // 2a5f:0061004400@1795793467250
      assert.equal(id(bpStamped, RECEIVED_AT), 'ble-2a35-06299025e54d6ad8'); // 2a35:16780050005d00ea070b1b0f1e0048000400
    });
  });
});
