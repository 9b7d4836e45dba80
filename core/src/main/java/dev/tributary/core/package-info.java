/** Event helpers over the CloudEvents SDK: validation, the JSON codec, and the clock. */
package dev.tributary.core;
