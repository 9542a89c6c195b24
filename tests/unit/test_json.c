/* Unit tests: the streaming JSON writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/json.h"

static void test_compact(void **state)
{
	(void)state;
	struct eg_buf b;
	struct eg_json j;
	eg_buf_init(&b, 4096);
	eg_json_init(&j, &b, 0);
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "a", "x\"y");
	eg_json_kint(&j, "n", -3);
	eg_json_kbool(&j, "t", 1);
	eg_json_key(&j, "list");
	eg_json_arr_begin(&j);
	eg_json_int(&j, 1);
	eg_json_null(&j);
	eg_json_str(&j, NULL);
	eg_json_arr_begin(&j);
	eg_json_arr_end(&j);
	eg_json_obj_begin(&j);
	eg_json_obj_end(&j);
	eg_json_arr_end(&j);
	eg_json_obj_end(&j);
	assert_int_equal(eg_json_finish(&j), 0);
	assert_string_equal(eg_buf_str(&b),
			    "{\"a\":\"x\\\"y\",\"n\":-3,\"t\":true,\"list\":[1,null,null,[],{}]}\n");
	eg_buf_free(&b);
}

static void test_pretty(void **state)
{
	(void)state;
	struct eg_buf b;
	struct eg_json j;
	eg_buf_init(&b, 4096);
	eg_json_init(&j, &b, 1);
	eg_json_obj_begin(&j);
	eg_json_kstr(&j, "k", "v");
	eg_json_key(&j, "a");
	eg_json_arr_begin(&j);
	eg_json_int(&j, 1);
	eg_json_int(&j, 2);
	eg_json_arr_end(&j);
	eg_json_obj_end(&j);
	eg_json_finish(&j);
	assert_string_equal(eg_buf_str(&b),
			    "{\n  \"k\": \"v\",\n  \"a\": [\n    1,\n    2\n  ]\n}\n");
	eg_buf_free(&b);
}

static void test_depth_limit(void **state)
{
	(void)state;
	struct eg_buf b;
	struct eg_json j;
	eg_buf_init(&b, 1 << 20);
	eg_json_init(&j, &b, 0);
	for (int i = 0; i < EG_JSON_MAX_DEPTH + 5; i++)
		eg_json_arr_begin(&j);
	assert_int_not_equal(eg_json_finish(&j), 0);
	eg_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_depth_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
