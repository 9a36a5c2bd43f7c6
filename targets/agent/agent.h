/*
 * agent.h - limits shared by the synfin-agent modules.
 *
 * The agent must never block forever and never let one request make it
 * allocate without bound, so every wait and every buffer has a ceiling here.
 * targets/AGENT.md documents the same numbers for other agent authors.
 */
#ifndef SYNFIN_AGENT_H
#define SYNFIN_AGENT_H

#define AGENT_NAME "synfin-agent"
#define AGENT_PROTOCOL_VERSION 1

/* Largest payload of one send or recv (bytes, before hex encoding). */
#define AGENT_MAX_PAYLOAD 65536

/* Longest request line: a send of AGENT_MAX_PAYLOAD bytes plus room for
 * the command word and the fd. */
#define AGENT_MAX_LINE (2 * AGENT_MAX_PAYLOAD + 256)

/* Every TIMEOUT_MS argument is capped at this. */
#define AGENT_MAX_TIMEOUT_MS 60000

/* close() of a socket with SO_LINGER {on, N} blocks up to N seconds even on
 * a non-blocking socket (Linux inet_release), so N is capped like a timeout. */
#define AGENT_MAX_LINGER_S 60

/* A sock_diag dump of this namespace should take microseconds; this bounds
 * it in case the kernel never answers. */
#define AGENT_DIAG_TIMEOUT_MS 5000

#endif
