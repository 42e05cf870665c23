// A closed-loop HTTP/1.1 load generator for the HTTP benchmarks, loading one server at a time in windows of
// milliseconds, on command, over keep-alive connections opened once.
//
//   load CONNECTIONS PATH PORT...
//
// At start it opens CONNECTIONS connections to each 127.0.0.1:PORT (TCP_NODELAY), then prints {"ready":true}.
// Then, per stdin line "I MS": for MS milliseconds every connection of server I (0-based, in the order of the
// ports) keeps one GET PATH in flight (a new request as soon as the response is complete; after the deadline none,
// and the window ends when the last response is in), and one JSON line comes back:
//   {"responses":N,"ns":T,"bad":B}
// N responses read, T nanoseconds from the first request written to the last response read (CLOCK_MONOTONIC), B
// of them not 200. EOF on stdin ends it. A connection a server closes, a response without a numeric
// Content-Length, a response larger than the buffer or a window with no progress for 10 s is an error: a message on stderr and
// exit status 1.
//
// Why not wrk: a wrk process per window costs its start and its connections, so windows stayed at a second or
// more; on these VMs one virtual CPU runs 20-40 % slower than the other for 0.1 s to seconds, and windows that far
// apart met different speeds. With windows of 150 ms a few milliseconds apart the A/A control of the HTTP
// benchmark stays within 2 % of 1 where it moved by up to 6 % (docs/http.md).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { kBufferBytes = 16384, kMaxEvents = 256, kStallMs = 10000, kMaxConnections = 4096 };

struct Conn {
  int fd;
  int server;
  int inFlight;
  size_t len;
  char buf[kBufferBytes];
};

static struct Conn *conns;
static int connCount;
static int perServer;
static char request[512];
static size_t requestLen;

static int64_t NowNs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void Die(const char *what, const char *detail) {
  fprintf(stderr, "load: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

static void Send(struct Conn *c) {
  ssize_t n = send(c->fd, request, requestLen, MSG_NOSIGNAL);
  if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) Die("write", "the server closed a connection");
  // One short request on a connection with nothing else in flight: the socket buffer always takes it whole.
  if (n != (ssize_t)requestLen) Die("write", n < 0 ? strerror(errno) : "short write");
  c->inFlight = 1;
}

// Case-insensitive search for a header name at the start of a line inside [begin, end); what follows it, or NULL.
static const char *FindHeader(const char *begin, const char *end, const char *name) {
  size_t k = strlen(name);
  for (const char *p = begin; p + k <= end; p++) {
    if ((p == begin || p[-1] == '\n') && strncasecmp(p, name, k) == 0) return p + k;
  }
  return NULL;
}

// The length of the first complete response in c->buf, or 0 when it is not complete yet; *status gets its code.
static size_t CompleteResponse(const struct Conn *c, int *status) {
  const char *buf = c->buf;
  const char *head = memmem(buf, c->len, "\r\n\r\n", 4);
  if (head == NULL) {
    if (c->len == kBufferBytes) Die("response", "header block larger than the buffer");
    return 0;
  }
  head += 4;
  if (c->len < 12 || memcmp(buf, "HTTP/1.", 7) != 0) Die("response", "not HTTP/1.x");
  *status = atoi(buf + 9);
  const char *cl = FindHeader(buf, head, "content-length:");
  if (cl == NULL) Die("response", "no Content-Length (chunked responses are not supported)");
  while (*cl == ' ' || *cl == '\t') cl++;
  if (*cl < '0' || *cl > '9') Die("response", "a Content-Length that is not a number");
  char *endp;
  unsigned long body = strtoul(cl, &endp, 10);
  if (*endp != '\r' && *endp != ' ' && *endp != '\t') Die("response", "a Content-Length that is not a number");
  size_t total = (size_t)(head - buf) + body;
  if (total > kBufferBytes) Die("response", "larger than the buffer");
  return c->len >= total ? total : 0;
}

static int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Die("socket", strerror(errno));
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) Die("connect", strerror(errno));
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Reads what a connection has, counts the complete responses, and sends the next request unless past the
// deadline. Returns the number of requests it ended (0 or 1).
static int Readable(struct Conn *c, int64_t deadline, int64_t now, long *responses, long *bad) {
  for (;;) {
    ssize_t n = read(c->fd, c->buf + c->len, kBufferBytes - c->len);
    if (n == 0) Die("read", "the server closed a connection");
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
      if (errno == EINTR) continue;
      Die("read", errno == ECONNRESET ? "the server closed a connection" : strerror(errno));
    }
    c->len += (size_t)n;
    int status = 0;
    size_t total = CompleteResponse(c, &status);
    if (total == 0) continue;
    if (!c->inFlight) Die("response", "a response with no request in flight");
    if (c->len != total) Die("response", "bytes after the response (the server answered more than asked)");
    c->len = 0;
    c->inFlight = 0;
    (*responses)++;
    if (status != 200) (*bad)++;
    if (now < deadline) {
      Send(c);
      return 0;
    }
    return 1;
  }
}

static void Window(int epfd, int server, long ms) {
  struct epoll_event events[kMaxEvents];
  long responses = 0;
  long bad = 0;
  int outstanding = perServer;
  int64_t start = NowNs();
  int64_t deadline = start + (int64_t)ms * 1000000;
  int64_t last = start;
  for (int i = 0; i < perServer; i++) Send(&conns[server * perServer + i]);
  while (outstanding > 0) {
    int n = epoll_wait(epfd, events, kMaxEvents, kStallMs);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Die("epoll_wait", strerror(errno));
    if (n == 0) Die("window", "no response for 10 s");
    int64_t now = NowNs();
    for (int i = 0; i < n; i++) {
      struct Conn *c = &conns[events[i].data.u32];
      // The servers must keep idle connections open between windows (a keep-alive timeout longer than the gaps).
      if (c->server != server) Die("read", "a server not being loaded wrote to or closed a connection (keep-alive timeout?)");
      outstanding -= Readable(c, deadline, now, &responses, &bad);
    }
    last = now;
  }
  printf("{\"responses\":%ld,\"ns\":%lld,\"bad\":%ld}\n", responses, (long long)(last - start), bad);
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc < 4) Die("usage", "load CONNECTIONS PATH PORT...");
  perServer = atoi(argv[1]);
  int servers = argc - 3;
  if (perServer < 1 || (long)perServer * servers > kMaxConnections) Die("usage", "CONNECTIONS out of range");
  if (argv[2][0] != '/' || strlen(argv[2]) > 256 || strpbrk(argv[2], " \r\n") != NULL) Die("usage", "PATH must be an absolute path without spaces");
  connCount = perServer * servers;
  conns = calloc((size_t)connCount, sizeof *conns);
  if (conns == NULL) Die("calloc", strerror(errno));
  int epfd = epoll_create1(0);
  if (epfd < 0) Die("epoll_create1", strerror(errno));
  for (int s = 0; s < servers; s++) {
    char *endp;
    long port = strtol(argv[3 + s], &endp, 10);
    if (*endp != '\0' || port < 1 || port > 65535) Die("usage", "bad PORT");
    for (int i = 0; i < perServer; i++) {
      struct Conn *c = &conns[s * perServer + i];
      c->fd = Connect((int)port);
      c->server = s;
      struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)(s * perServer + i)};
      if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev) != 0) Die("epoll_ctl", strerror(errno));
      int flags = fcntl(c->fd, F_GETFL);
      if (flags < 0 || fcntl(c->fd, F_SETFL, flags | O_NONBLOCK) != 0) Die("fcntl", strerror(errno));
    }
  }
  requestLen = (size_t)snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", argv[2]);
  printf("{\"ready\":true}\n");
  fflush(stdout);
  char line[128];
  while (fgets(line, sizeof line, stdin) != NULL) {
    int server;
    long ms;
    if (sscanf(line, "%d %ld", &server, &ms) != 2 || server < 0 || server >= servers || ms < 1 || ms > 600000) {
      Die("command", "expected \"SERVER_INDEX MILLISECONDS\"");
    }
    Window(epfd, server, ms);
  }
  return 0;
}
