/**
 * Benchmarks: fanout beside the clients and executors a user could pick instead, measured in
 * one run and reported as ratios. Not a test suite and not published.
 */
package dev.fanout.bench;
