/**
 * Plain JDK HTTP for the REST clouds: BearerRest (JSON calls with a bearer token, one error shape
 * for every Google and Azure API) and Loopback (the local servers' own address).
 */
@NullMarked
package io.credwatch.http;

import org.jspecify.annotations.NullMarked;
