/* Rules for accounts and tenants: usernames, passwords, center codes. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* min to max characters: lower-case ASCII letters, digits, '.', '_' and '-', starting with a
 * letter or digit (a username, an external system's name). */
bool account_slug_valid(const char *text, size_t min, size_t max);

/* 2–64 characters: lower-case ASCII letters, digits, '.', '_' and '-', starting with a letter or
 * digit (the form users.username stores). */
bool account_username_valid(const char *username);

/* Adds a field error on "password" unless it has 10–256 bytes and is not all one character. */
void account_password_check(const char *password, struct error *err);

/* 2–8 characters: an upper-case letter, then upper-case letters or digits (e.g. "WD"). */
bool account_center_code_valid(const char *code);
