// Unit tests run the engine on tfjs's cpu backend in Node: the same code the worker runs.
// The umbrella package's Node build registers every gradient and the cpu backend.
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('IS_TEST', true); // quiets the "install tfjs-node" banner
await tf.setBackend('cpu');
await tf.ready();
