// Package testenv starts and isolates the real services tests need.
package testenv
