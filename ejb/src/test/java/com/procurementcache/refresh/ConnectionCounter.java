package com.procurementcache.refresh;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts the connections each thread holds open at once, and remembers the most
 * any thread held: a run that works on one organization at a time holds one.
 */
final class ConnectionCounter {

  private final DataSource target;
  private final ThreadLocal<int[]> open = ThreadLocal.withInitial(() -> new int[1]);
  private final AtomicInteger mostOnOneThread = new AtomicInteger();

  ConnectionCounter(DataSource target) {
    this.target = target;
  }

  int mostOnOneThread() {
    return mostOnOneThread.get();
  }

  DataSource dataSource() {
    return proxy(
        DataSource.class,
        (self, method, args) -> {
          Object result = call(target, method, args);
          return result instanceof Connection c ? counted(c) : result;
        });
  }

  private Connection counted(Connection connection) {
    int[] count = open.get();
    count[0]++;
    mostOnOneThread.accumulateAndGet(count[0], Math::max);
    AtomicBoolean closed = new AtomicBoolean();
    return proxy(
        Connection.class,
        (self, method, args) -> {
          if (method.getName().equals("close") && !closed.getAndSet(true)) {
            count[0]--;
          }
          return call(connection, method, args);
        });
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
